//! 草稿库: the drafts kept in the browser, over a key–value [`Store`] (localStorage in the
//! browser — see `browser::LocalStore` —, [`MemoryStore`] in tests).
//!
//! Pure core: knows nothing of the browser; timestamps (ISO 8601, UTC, e.g.
//! `2026-11-29T05:21:45.123Z`) and new ids are passed in by the caller.
//!
//! # Storage keys
//!
//! Every key starts with [`PREFIX`] (`jixiao.`):
//! - `jixiao.index` ([`INDEX_KEY`]): the index, JSON `{"version":1,"drafts":[DraftEntry…]}` —
//!   for each draft its id, project name, year, total score and grade (computed at save
//!   time), created/modified, revision and `deleted_at` (set while in the 回收站).
//!   The index is derived data plus revision/trash state: if it is missing or unreadable it
//!   is rebuilt from the draft keys, and a draft key without an index entry is added back.
//! - `jixiao.draft.<id>` ([`DRAFT_PREFIX`]): the draft itself as a draft file without its
//!   indentation (`draft::to_stored_json`: about 70 % of the characters), so a stored draft
//!   is always a valid `*.jixiao.json`. Texts stored indented (before) read the same.
//! - `jixiao.backup.<id>` ([`BACKUP_PREFIX`]): the original text of a draft written by an
//!   older format version, kept from the moment it is opened (and upgraded) until the
//!   upgraded draft has been saved.
//! - `jixiao.last-open` ([`LAST_OPEN_KEY`]): the id of the draft last opened for editing
//!   (the browser also keeps the current tab's draft id in sessionStorage under the same key).
//!
//! # Revisions and stale tabs
//!
//! Each save increments the draft's revision. [`Library::save`] takes the revision the caller
//! last read or wrote; if the stored revision differs (another tab saved, or a replace-import
//! happened), nothing is written and [`LibraryError::Conflict`] says which revision is stored
//! and when it was modified. The stale tab then loads the newer version or keeps its own as a
//! copy (a new id). Nothing is ever overwritten silently.
//!
//! # Rename
//!
//! Renaming a draft sets its 项目名称 (`evaluation.header.name`): the list shows the project and
//! year, and there is no second name that could disagree with the report.

use std::collections::BTreeMap;
use std::fmt;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::draft::{self, Draft, DraftError};
use crate::model::{Evaluation, Grade};

/// Prefix of every storage key jixiao writes.
pub const PREFIX: &str = "jixiao.";
/// The drafts index.
pub const INDEX_KEY: &str = "jixiao.index";
/// `jixiao.draft.<id>`: a stored draft (draft-file JSON).
pub const DRAFT_PREFIX: &str = "jixiao.draft.";
/// `jixiao.backup.<id>`: the pre-upgrade text of a draft of an older format version.
pub const BACKUP_PREFIX: &str = "jixiao.backup.";
/// The id of the draft last opened for editing.
pub const LAST_OPEN_KEY: &str = "jixiao.last-open";
/// Days a deleted draft stays recoverable in the 回收站.
pub const TRASH_DAYS: i64 = 30;
/// Version of the index layout.
pub const INDEX_VERSION: u32 = 1;

/// Storage key of a draft.
pub fn draft_key(id: &str) -> String {
    format!("{DRAFT_PREFIX}{id}")
}

/// Storage key of a draft's pre-upgrade backup.
pub fn backup_key(id: &str) -> String {
    format!("{BACKUP_PREFIX}{id}")
}

// ---------------------------------------------------------------------------------------------
// Store

/// Why the store refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StoreError {
    /// The browser's storage is full (QuotaExceededError).
    QuotaExceeded,
    /// Storage is disabled or blocked (private mode, site settings, sandboxed frame…).
    Unavailable(String),
    /// Anything else the storage threw.
    Other(String),
}

impl fmt::Display for StoreError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StoreError::QuotaExceeded => write!(f, "浏览器存储空间已满"),
            StoreError::Unavailable(detail) if detail.is_empty() => {
                write!(f, "浏览器存储已被禁用或阻止")
            }
            StoreError::Unavailable(detail) => write!(f, "浏览器存储已被禁用或阻止（{detail}）"),
            StoreError::Other(detail) => write!(f, "浏览器存储出错（{detail}）"),
        }
    }
}

impl std::error::Error for StoreError {}

/// A string key–value store (localStorage's shape). Every operation can fail.
pub trait Store {
    fn get(&self, key: &str) -> Result<Option<String>, StoreError>;
    fn set(&mut self, key: &str, value: &str) -> Result<(), StoreError>;
    fn remove(&mut self, key: &str) -> Result<(), StoreError>;
    /// All keys present (any order).
    fn keys(&self) -> Result<Vec<String>, StoreError>;
}

/// An in-memory [`Store`] for tests, which can simulate a quota (total characters of keys
/// and values, like localStorage's limit) and disabled storage.
#[derive(Debug, Clone, Default)]
pub struct MemoryStore {
    pub map: BTreeMap<String, String>,
    /// Maximum total characters (keys + values); `None` = unlimited.
    pub quota: Option<usize>,
    /// Every operation fails with [`StoreError::Unavailable`].
    pub unavailable: bool,
}

impl MemoryStore {
    pub fn new() -> MemoryStore {
        MemoryStore::default()
    }
    /// A store that holds at most `chars` characters of keys and values.
    pub fn with_quota(chars: usize) -> MemoryStore {
        MemoryStore { quota: Some(chars), ..MemoryStore::default() }
    }
    /// A store whose every operation fails as disabled storage does.
    pub fn unavailable() -> MemoryStore {
        MemoryStore { unavailable: true, ..MemoryStore::default() }
    }
    /// Characters used (keys + values).
    pub fn used(&self) -> usize {
        self.map.iter().map(|(k, v)| k.chars().count() + v.chars().count()).sum()
    }
    fn check(&self) -> Result<(), StoreError> {
        if self.unavailable {
            Err(StoreError::Unavailable("模拟：存储已禁用".into()))
        } else {
            Ok(())
        }
    }
}

impl Store for MemoryStore {
    fn get(&self, key: &str) -> Result<Option<String>, StoreError> {
        self.check()?;
        Ok(self.map.get(key).cloned())
    }
    fn set(&mut self, key: &str, value: &str) -> Result<(), StoreError> {
        self.check()?;
        if let Some(quota) = self.quota {
            let old = self.map.get(key).map(|v| key.chars().count() + v.chars().count()).unwrap_or(0);
            let new = key.chars().count() + value.chars().count();
            if self.used() - old + new > quota {
                return Err(StoreError::QuotaExceeded);
            }
        }
        self.map.insert(key.to_string(), value.to_string());
        Ok(())
    }
    fn remove(&mut self, key: &str) -> Result<(), StoreError> {
        self.check()?;
        self.map.remove(key);
        Ok(())
    }
    fn keys(&self) -> Result<Vec<String>, StoreError> {
        self.check()?;
        Ok(self.map.keys().cloned().collect())
    }
}

impl<S: Store + ?Sized> Store for &mut S {
    fn get(&self, key: &str) -> Result<Option<String>, StoreError> {
        (**self).get(key)
    }
    fn set(&mut self, key: &str, value: &str) -> Result<(), StoreError> {
        (**self).set(key, value)
    }
    fn remove(&mut self, key: &str) -> Result<(), StoreError> {
        (**self).remove(key)
    }
    fn keys(&self) -> Result<Vec<String>, StoreError> {
        (**self).keys()
    }
}

// ---------------------------------------------------------------------------------------------
// Index

/// One line of the drafts list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DraftEntry {
    pub id: String,
    /// 项目名称
    pub project: String,
    /// 年度
    pub year: String,
    /// 总得分 at the last save (by `scoring::score`).
    pub total: Decimal,
    /// 等级 at the last save.
    pub grade: Grade,
    pub created: String,
    /// Last edit (the draft's `modified`).
    pub modified: String,
    /// Incremented by every save; 0 never occurs for a stored draft.
    pub revision: u64,
    /// Set while the draft is in the 回收站 (when it was deleted).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deleted_at: Option<String>,
}

impl DraftEntry {
    /// Describes a draft as it is saved with `revision`; score and grade computed here.
    pub fn describe(draft: &Draft, revision: u64) -> DraftEntry {
        let (total, grade) = summarize(&draft.evaluation);
        DraftEntry {
            id: draft.id.clone(),
            project: draft.evaluation.header.name.clone(),
            year: draft.evaluation.header.year.clone(),
            total,
            grade,
            created: draft.created.clone(),
            modified: draft.modified.clone(),
            revision,
            deleted_at: None,
        }
    }

    /// The project name to show ("（未命名项目）" when empty).
    pub fn project_label(&self) -> &str {
        if self.project.trim().is_empty() {
            "（未命名项目）"
        } else {
            &self.project
        }
    }
}

/// Total and grade of an evaluation: the single scoring in `scoring::score`.
fn summarize(evaluation: &Evaluation) -> (Decimal, Grade) {
    let card = crate::scoring::score(evaluation);
    (card.total, card.grade)
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct Index {
    version: u32,
    drafts: Vec<DraftEntry>,
}

impl Index {
    fn find(&self, id: &str) -> Option<&DraftEntry> {
        self.drafts.iter().find(|e| e.id == id)
    }
    fn find_mut(&mut self, id: &str) -> Option<&mut DraftEntry> {
        self.drafts.iter_mut().find(|e| e.id == id)
    }
    fn upsert(&mut self, entry: DraftEntry) {
        match self.find_mut(&entry.id) {
            Some(e) => *e = entry,
            None => self.drafts.push(entry),
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Errors and outcomes

/// The stored draft is newer than the caller's copy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Conflict {
    pub id: String,
    /// Revision the caller expected (the one it last read or wrote).
    pub expected_revision: u64,
    pub stored_revision: u64,
    /// When the stored version was last modified.
    pub stored_modified: String,
}

/// What went wrong in the drafts library. Display is a Chinese sentence for the user.
#[derive(Debug, Clone, PartialEq)]
pub enum LibraryError {
    /// The browser storage refused.
    Store(StoreError),
    /// No draft with this id.
    NotFound(String),
    /// A stored draft could not be read (its text is left untouched).
    Unreadable { id: String, error: DraftError },
    /// A file offered for import is not a readable draft (nothing was changed).
    BadFile(DraftError),
    /// Another tab (or a replace-import) saved this draft since the caller read it.
    Conflict(Conflict),
    /// The draft has no id.
    NoId,
}

impl fmt::Display for LibraryError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LibraryError::Store(e) => write!(f, "{e}"),
            LibraryError::NotFound(id) => write!(f, "找不到草稿（编号 {id}）"),
            LibraryError::Unreadable { id, error } => {
                write!(f, "浏览器中保存的草稿（编号 {id}）无法读取：{error}")
            }
            LibraryError::BadFile(e) => write!(f, "{e}"),
            LibraryError::Conflict(c) => write!(
                f,
                "此草稿已在其他标签页中修改（{}，版本 {}），本页的副本（版本 {}）已过时",
                c.stored_modified, c.stored_revision, c.expected_revision
            ),
            LibraryError::NoId => write!(f, "草稿没有编号，无法保存"),
        }
    }
}

impl std::error::Error for LibraryError {}

impl From<StoreError> for LibraryError {
    fn from(e: StoreError) -> Self {
        LibraryError::Store(e)
    }
}

/// A draft opened from the library.
#[derive(Debug, Clone, PartialEq)]
pub struct Opened {
    pub draft: Draft,
    /// The stored revision (pass it to the next [`Library::save`]).
    pub revision: u64,
    /// Set when the stored draft had an older format version and was upgraded while reading;
    /// its original text is kept under [`backup_key`] until the draft is saved.
    pub upgraded_from: Option<u32>,
}

/// The result of an import.
#[derive(Debug, Clone, PartialEq)]
pub enum ImportOutcome {
    /// A draft the library did not have; it is now stored (revision 1).
    New(Draft),
    /// The library already has a draft with this id (in the list or in the 回收站). Nothing
    /// was written: the caller offers 保留两份 ([`Library::import_keep_both`]) or 替换
    /// ([`Library::import_replace`]).
    SameIdExists { incoming: Draft, existing: DraftEntry },
}

// ---------------------------------------------------------------------------------------------
// Library

/// The drafts library over a store.
#[derive(Debug)]
pub struct Library<S: Store> {
    store: S,
}

impl<S: Store> Library<S> {
    pub fn new(store: S) -> Library<S> {
        Library { store }
    }
    pub fn store(&self) -> &S {
        &self.store
    }
    pub fn store_mut(&mut self) -> &mut S {
        &mut self.store
    }
    pub fn into_store(self) -> S {
        self.store
    }

    /// Reads the index, rebuilding it from the draft keys when it is missing or unreadable
    /// and adding any stored draft it lacks. Does not write.
    fn load_index(&self) -> Result<Index, LibraryError> {
        let mut index = match self.store.get(INDEX_KEY)? {
            // from_slice: the drafts' deserializer type (from_str would be a second copy in the wasm).
            Some(text) => serde_json::from_slice::<Index>(text.as_bytes())
                .unwrap_or(Index { version: INDEX_VERSION, drafts: Vec::new() }),
            None => Index { version: INDEX_VERSION, drafts: Vec::new() },
        };
        // Entries whose draft text is gone are dropped; drafts without an entry are added.
        let keys = self.store.keys()?;
        let stored: Vec<&str> = keys.iter().filter_map(|k| k.strip_prefix(DRAFT_PREFIX)).collect();
        index.drafts.retain(|e| stored.contains(&e.id.as_str()));
        for id in stored {
            if index.find(id).is_some() {
                continue;
            }
            if let Some(text) = self.store.get(&draft_key(id))? {
                if let Ok(loaded) = draft::parse(text.as_bytes()) {
                    let mut entry = DraftEntry::describe(&loaded.draft, 1);
                    entry.id = id.to_string();
                    index.drafts.push(entry);
                }
                // An unreadable stored draft stays in storage untouched; it is not listed.
            }
        }
        Ok(index)
    }

    fn write_index(&mut self, index: &Index) -> Result<(), StoreError> {
        let text = serde_json::to_string(index).expect("the index serializes");
        self.store.set(INDEX_KEY, &text)
    }

    /// The drafts (not in the 回收站), last edited first.
    pub fn list(&self) -> Result<Vec<DraftEntry>, LibraryError> {
        let drafts: Vec<DraftEntry> =
            self.load_index()?.drafts.into_iter().filter(|e| e.deleted_at.is_none()).collect();
        Ok(crate::order::sorted_by(drafts, |a, b| compare_times(&b.modified, &a.modified).then_with(|| a.id.cmp(&b.id))))
    }

    /// The 回收站: deleted drafts, last deleted first.
    pub fn trash(&self) -> Result<Vec<DraftEntry>, LibraryError> {
        let drafts: Vec<DraftEntry> =
            self.load_index()?.drafts.into_iter().filter(|e| e.deleted_at.is_some()).collect();
        Ok(crate::order::sorted_by(drafts, |a, b| {
            compare_times(b.deleted_at.as_deref().unwrap_or(""), a.deleted_at.as_deref().unwrap_or(""))
                .then_with(|| a.id.cmp(&b.id))
        }))
    }

    /// The index entry of a draft (listed or in the 回收站).
    pub fn entry(&self, id: &str) -> Result<Option<DraftEntry>, LibraryError> {
        Ok(self.load_index()?.find(id).cloned())
    }

    /// Opens a stored draft. A draft of an older format version is upgraded by
    /// `draft::parse`; its original text is kept under [`backup_key`] until it is saved.
    pub fn open(&mut self, id: &str) -> Result<Opened, LibraryError> {
        let index = self.load_index()?;
        let entry = index.find(id).ok_or_else(|| LibraryError::NotFound(id.to_string()))?;
        let revision = entry.revision;
        let text = self
            .store
            .get(&draft_key(id))?
            .ok_or_else(|| LibraryError::NotFound(id.to_string()))?;
        let loaded = draft::parse(text.as_bytes())
            .map_err(|error| LibraryError::Unreadable { id: id.to_string(), error })?;
        let mut upgraded_from = None;
        if loaded.from_version < draft::VERSION {
            upgraded_from = Some(loaded.from_version);
            if self.store.get(&backup_key(id))?.is_none() {
                self.store.set(&backup_key(id), &text)?;
            }
        }
        let mut d = loaded.draft;
        d.id = id.to_string();
        Ok(Opened { draft: d, revision, upgraded_from })
    }

    /// The pre-upgrade text kept for a draft, if any.
    pub fn backup(&self, id: &str) -> Result<Option<String>, LibraryError> {
        Ok(self.store.get(&backup_key(id))?)
    }

    /// Saves a draft as it is (its `modified` is the caller's). `expected_revision` is the
    /// revision the caller last read or wrote, 0 for a draft not yet stored. Returns the new
    /// revision, or [`LibraryError::Conflict`] (nothing written) when the stored revision
    /// differs. Saving a draft that is in the 回收站 takes it out (it is being edited).
    /// On success the pre-upgrade backup of this draft, if any, is removed.
    ///
    /// When the store refuses, no draft is lost or half-written (each `Store::set` stores its
    /// value whole or not at all): the draft text is written first, then the index.
    /// - The text refused: nothing has changed.
    /// - The text taken, the index refused, for a draft already listed: the stored text is this
    ///   newer version, complete, and the index still has the previous revision (and the list
    ///   the previous summary). The caller, which still holds the draft and the revision it
    ///   passed, saves again with that revision and it goes through; another tab's copy of that
    ///   revision could be saved over it, but the caller then gets a conflict and keeps its
    ///   copy (as when the whole save is refused).
    /// - The text taken, the index refused, for a draft not listed: what was stored under its
    ///   key before (nothing, or an unreadable text that is not listed) is put back, so that a
    ///   rebuilt index does not list a draft the caller has not saved yet.
    pub fn save(&mut self, draft: &Draft, expected_revision: u64) -> Result<u64, LibraryError> {
        if draft.id.trim().is_empty() {
            return Err(LibraryError::NoId);
        }
        let mut index = self.load_index()?;
        let (stored_revision, stored_modified) = match index.find(&draft.id) {
            Some(e) => (e.revision, e.modified.clone()),
            None => (0, String::new()),
        };
        if stored_revision != expected_revision {
            return Err(LibraryError::Conflict(Conflict {
                id: draft.id.clone(),
                expected_revision,
                stored_revision,
                stored_modified,
            }));
        }
        let revision = stored_revision + 1;
        self.write_draft(&mut index, draft, revision)?;
        let _ = self.store.remove(&backup_key(&draft.id));
        Ok(revision)
    }

    /// Writes the draft text, then its index entry (see [`Library::save`] for what a refusal
    /// leaves). The previous text is not read back for a listed draft (the common case: every
    /// autosave), only for one that is not listed, to put it back if the index is refused.
    fn write_draft(&mut self, index: &mut Index, draft: &Draft, revision: u64) -> Result<(), LibraryError> {
        let key = draft_key(&draft.id);
        let unlisted_previous = match index.find(&draft.id) {
            Some(_) => None,
            None => Some(self.store.get(&key)?),
        };
        self.store.set(&key, &draft::to_stored_json(draft))?;
        index.upsert(DraftEntry::describe(draft, revision));
        if let Err(e) = self.write_index(index) {
            if let Some(previous) = unlisted_previous {
                let _ = match previous {
                    Some(p) => self.store.set(&key, &p),
                    None => self.store.remove(&key),
                };
            }
            return Err(e.into());
        }
        Ok(())
    }

    /// Renames a draft: sets its 项目名称 and `modified`. Returns the new revision.
    pub fn rename(&mut self, id: &str, project: &str, now: &str) -> Result<u64, LibraryError> {
        let opened = self.open(id)?;
        let mut d = opened.draft;
        d.evaluation.header.name = project.trim().to_string();
        d.modified = now.to_string();
        self.save(&d, opened.revision)
    }

    /// Copies a draft under `new_id` (created and modified `now`). Returns the copy and its
    /// revision.
    pub fn duplicate(&mut self, id: &str, new_id: &str, now: &str) -> Result<(Draft, u64), LibraryError> {
        let mut d = self.open(id)?.draft;
        d.id = new_id.to_string();
        d.created = now.to_string();
        d.modified = now.to_string();
        let revision = self.save(&d, 0)?;
        Ok((d, revision))
    }

    /// Moves a draft to the 回收站 (recoverable for [`TRASH_DAYS`] days).
    pub fn delete(&mut self, id: &str, now: &str) -> Result<(), LibraryError> {
        let mut index = self.load_index()?;
        let entry = index.find_mut(id).ok_or_else(|| LibraryError::NotFound(id.to_string()))?;
        entry.deleted_at = Some(now.to_string());
        self.write_index(&index)?;
        Ok(())
    }

    /// Takes a draft out of the 回收站.
    pub fn restore(&mut self, id: &str) -> Result<(), LibraryError> {
        let mut index = self.load_index()?;
        let entry = index.find_mut(id).ok_or_else(|| LibraryError::NotFound(id.to_string()))?;
        entry.deleted_at = None;
        self.write_index(&index)?;
        Ok(())
    }

    /// Removes for good the drafts deleted [`TRASH_DAYS`] days or more before `now`.
    /// Returns their ids. A `deleted_at` that cannot be read as a time is kept.
    pub fn purge(&mut self, now: &str) -> Result<Vec<String>, LibraryError> {
        let Some(now_ms) = parse_time_ms(now) else {
            return Ok(Vec::new());
        };
        let limit = TRASH_DAYS * 24 * 60 * 60 * 1000;
        let mut index = self.load_index()?;
        let expired: Vec<String> = index
            .drafts
            .iter()
            .filter(|e| {
                e.deleted_at
                    .as_deref()
                    .and_then(parse_time_ms)
                    .is_some_and(|t| now_ms - t >= limit)
            })
            .map(|e| e.id.clone())
            .collect();
        if expired.is_empty() {
            return Ok(expired);
        }
        index.drafts.retain(|e| !expired.contains(&e.id));
        // Index first: a draft key left behind would come back in the list, never be lost.
        self.write_index(&index)?;
        for id in &expired {
            self.store.remove(&draft_key(id))?;
            self.store.remove(&backup_key(id))?;
        }
        Ok(expired)
    }

    /// Imports a draft file. Nothing is written when the file is refused
    /// ([`LibraryError::BadFile`]) or when the library already has a draft with its id
    /// ([`ImportOutcome::SameIdExists`]). A file without an id gets `new_id`; missing
    /// timestamps become `now`.
    pub fn import(&mut self, bytes: &[u8], now: &str, new_id: &str) -> Result<ImportOutcome, LibraryError> {
        let loaded = draft::parse(bytes).map_err(LibraryError::BadFile)?;
        let mut d = loaded.draft;
        if d.id.trim().is_empty() {
            d.id = new_id.to_string();
        }
        if d.created.trim().is_empty() {
            d.created = now.to_string();
        }
        if d.modified.trim().is_empty() {
            d.modified = now.to_string();
        }
        if let Some(existing) = self.entry(&d.id)? {
            return Ok(ImportOutcome::SameIdExists { incoming: d, existing });
        }
        self.save(&d, 0)?;
        Ok(ImportOutcome::New(d))
    }

    /// 保留两份: stores the incoming draft as a new draft `new_id` (created and modified
    /// `now`); the existing one is untouched. Returns the stored copy.
    pub fn import_keep_both(&mut self, incoming: &Draft, new_id: &str, now: &str) -> Result<Draft, LibraryError> {
        let mut d = incoming.clone();
        d.id = new_id.to_string();
        d.created = now.to_string();
        d.modified = now.to_string();
        self.save(&d, 0)?;
        Ok(d)
    }

    /// 替换: the incoming draft replaces the stored one with the same id (and leaves the
    /// 回收站 if it was there). The replaced version is not lost: it is kept in the 回收站 as
    /// a copy with id `trash_id`. Tabs editing the old version get a conflict on their next
    /// save. Returns the new revision.
    pub fn import_replace(&mut self, incoming: &Draft, trash_id: &str, now: &str) -> Result<u64, LibraryError> {
        let id = incoming.id.clone();
        let entry = self.entry(&id)?.ok_or_else(|| LibraryError::NotFound(id.clone()))?;
        // Keep the replaced version (its stored text, byte for byte) in the 回收站.
        if let Some(old_text) = self.store.get(&draft_key(&id))? {
            if let Ok(loaded) = draft::parse(old_text.as_bytes()) {
                let mut old = loaded.draft;
                old.id = trash_id.to_string();
                self.save(&old, 0)?;
                self.delete(trash_id, now)?;
            }
        }
        let mut d = incoming.clone();
        d.id = id;
        self.save(&d, entry.revision)
    }

    /// Exports a stored draft: (file name, draft-file JSON in the current format version).
    pub fn export(&mut self, id: &str) -> Result<(String, String), LibraryError> {
        let d = self.open(id)?.draft;
        Ok((file_name(&d), draft::to_json(&d)))
    }

    /// Remembers the draft being edited (restored after a reload or a crash).
    pub fn set_last_open(&mut self, id: &str) -> Result<(), LibraryError> {
        Ok(self.store.set(LAST_OPEN_KEY, id)?)
    }

    /// The draft last opened for editing, if it is still in the list.
    pub fn last_open(&self) -> Result<Option<String>, LibraryError> {
        let Some(id) = self.store.get(LAST_OPEN_KEY)? else {
            return Ok(None);
        };
        Ok(self.listed(&id)?.map(|e| e.id))
    }

    /// The entry of a draft in the list (not in the 回收站).
    fn listed(&self, id: &str) -> Result<Option<DraftEntry>, LibraryError> {
        Ok(self.entry(id)?.filter(|e| e.deleted_at.is_none()))
    }

    /// The draft a tab is editing: `session_id` (the tab's own, kept across its reloads) if
    /// it is listed, else the browser's last-open draft ([`Library::last_open`]). What a reload
    /// reopens, and what the 程序出错 notice offers to save ([`Library::rescue`]).
    pub fn being_edited(&self, session_id: Option<&str>) -> Option<DraftEntry> {
        if let Some(entry) = session_id.and_then(|id| self.listed(id).ok().flatten()) {
            return Some(entry);
        }
        self.listed(&self.store.get(LAST_OPEN_KEY).ok().flatten()?).ok().flatten()
    }

    /// The stored text of the draft being edited ([`Library::being_edited`]), as a file to
    /// save, for the 程序出错 notice (when jixiao itself has failed and may fail again on the
    /// draft's next load, the user can still take the draft away). The text is the stored one
    /// as it is — not parsed, since reading it may be what fails; it is a draft file
    /// (unindented) that 导入草稿文件 reads. The file name comes from the list's entry:
    /// [`file_name_of`].
    pub fn rescue(&self, session_id: Option<&str>) -> Option<(String, String)> {
        let entry = self.being_edited(session_id)?;
        let text = self.store.get(&draft_key(&entry.id)).ok().flatten()?;
        Some((file_name_of(&entry.project, &entry.year), text))
    }
}

// ---------------------------------------------------------------------------------------------
// File names and times

/// The export file name: `<项目名称>-<年度>.jixiao.json`, with characters that file systems
/// refuse (`\ / : * ? " < > |`, control characters) replaced by `_`.
pub fn file_name(draft: &Draft) -> String {
    file_name_of(&draft.evaluation.header.name, &draft.evaluation.header.year)
}

/// [`file_name`] from a 项目名称 and a 年度.
pub fn file_name_of(project: &str, year: &str) -> String {
    let clean = |s: &str| -> String {
        let replaced: String = s
            .trim()
            .chars()
            .map(|c| match c {
                '\\' | '/' | ':' | '*' | '?' | '"' | '<' | '>' | '|' => '_',
                c if c.is_control() => '_',
                c => c,
            })
            .collect();
        replaced.trim_matches(|c: char| c == '.' || c.is_whitespace()).to_string()
    };
    let mut name = clean(project);
    if name.is_empty() {
        name = "未命名项目".to_string();
    }
    if name.chars().count() > 80 {
        name = name.chars().take(80).collect();
    }
    let year = clean(year);
    if year.is_empty() {
        format!("{name}.jixiao.json")
    } else {
        format!("{name}-{year}.jixiao.json")
    }
}

/// Milliseconds since 1970 of an ISO 8601 UTC time `YYYY-MM-DDTHH:MM:SS[.fff]Z` (also
/// accepts a date alone). `None` when it is not such a time.
pub fn parse_time_ms(s: &str) -> Option<i64> {
    let s = s.trim();
    let num = |t: &str| -> Option<i64> {
        if t.is_empty() || !t.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        t.parse().ok()
    };
    let (date, time) = match s.split_once(['T', ' ']) {
        Some((d, t)) => (d, Some(t)),
        None => (s, None),
    };
    let mut parts = date.split('-');
    let y = num(parts.next()?)?;
    let m = num(parts.next()?)?;
    let d = num(parts.next()?)?;
    if parts.next().is_some() || !(1..=12).contains(&m) || !(1..=31).contains(&d) {
        return None;
    }
    let mut ms = days_from_civil(y, m, d) * 86_400_000;
    if let Some(t) = time {
        let t = t.strip_suffix('Z').unwrap_or(t);
        let (hms, frac) = match t.split_once('.') {
            Some((a, b)) => (a, Some(b)),
            None => (t, None),
        };
        let mut p = hms.split(':');
        let h = num(p.next()?)?;
        let mi = num(p.next()?)?;
        let sec = match p.next() {
            Some(x) => num(x)?,
            None => 0,
        };
        if p.next().is_some() || h > 23 || mi > 59 || sec > 60 {
            return None;
        }
        ms += (h * 3600 + mi * 60 + sec) * 1000;
        if let Some(f) = frac {
            let digits: String = f.chars().take(3).collect();
            let value = num(&digits)?;
            ms += value * 10_i64.pow(3 - digits.len() as u32);
        }
    }
    Some(ms)
}

/// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// Orders two timestamps by time (unreadable ones first, then by text).
fn compare_times(a: &str, b: &str) -> std::cmp::Ordering {
    match (parse_time_ms(a), parse_time_ms(b)) {
        (Some(x), Some(y)) => x.cmp(&y),
        (None, Some(_)) => std::cmp::Ordering::Less,
        (Some(_), None) => std::cmp::Ordering::Greater,
        (None, None) => a.cmp(b),
    }
}
