//! The drafts library over an in-memory store: save/open with revisions, the list, rename,
//! duplicate, 回收站, import/export, storage failures, format upgrades.

use jixiao::draft::{self, Draft};
use jixiao::library::{
    backup_key, draft_key, file_name, parse_time_ms, ImportOutcome, Library, LibraryError, MemoryStore, Store,
    StoreError, DRAFT_PREFIX, INDEX_KEY, LAST_OPEN_KEY, PREFIX,
};

const T0: &str = "2026-11-01T08:00:00.000Z";
const T1: &str = "2026-11-02T08:00:00.000Z";
const T2: &str = "2026-11-03T08:00:00.000Z";

fn draft(id: &str, name: &str, year: &str, modified: &str) -> Draft {
    let mut d = Draft { id: id.into(), created: T0.into(), modified: modified.into(), ..Draft::default() };
    d.evaluation.header.name = name.into();
    d.evaluation.header.year = year.into();
    d
}

fn lib() -> Library<MemoryStore> {
    Library::new(MemoryStore::new())
}

fn ids(entries: &[jixiao::library::DraftEntry]) -> Vec<&str> {
    entries.iter().map(|e| e.id.as_str()).collect()
}

#[test]
fn save_then_open_gives_the_same_draft_and_revision() {
    let mut lib = lib();
    let d = draft("a", "养老保险区级配套", "2019", T1);
    assert_eq!(lib.save(&d, 0).unwrap(), 1);
    let opened = lib.open("a").unwrap();
    assert_eq!(opened.draft, d);
    assert_eq!(opened.revision, 1);
    assert_eq!(opened.upgraded_from, None);
    assert_eq!(lib.save(&d, 1).unwrap(), 2);
    assert_eq!(lib.open("a").unwrap().revision, 2);
}

#[test]
fn every_key_is_prefixed_and_the_draft_is_stored_as_a_draft_file() {
    let mut lib = lib();
    let d = draft("a", "项目", "2019", T1);
    lib.save(&d, 0).unwrap();
    lib.set_last_open("a").unwrap();
    let store = lib.store();
    assert!(store.map.keys().all(|k| k.starts_with(PREFIX)), "{:?}", store.map.keys());
    assert!(store.map.contains_key(INDEX_KEY));
    assert!(store.map.contains_key(LAST_OPEN_KEY));
    let text = &store.map[&draft_key("a")];
    assert_eq!(text, &draft::to_stored_json(&d));
    assert_eq!(draft::parse(text.as_bytes()).unwrap().draft, d);
}

#[test]
fn the_list_shows_project_year_score_grade_sorted_by_last_edit() {
    let mut lib = lib();
    lib.save(&draft("old", "甲项目", "2018", T0), 0).unwrap();
    lib.save(&draft("new", "乙项目", "2019", T2), 0).unwrap();
    lib.save(&draft("mid", "丙项目", "2020", T1), 0).unwrap();
    let list = lib.list().unwrap();
    assert_eq!(ids(&list), ["new", "mid", "old"]);
    let e = &list[0];
    assert_eq!((e.project.as_str(), e.year.as_str(), e.modified.as_str()), ("乙项目", "2019", T2));
    // Score and grade are the scorer's for this draft at save time.
    let card = jixiao::scoring::score(&draft("new", "乙项目", "2019", T2).evaluation);
    assert_eq!((e.total, e.grade), (card.total, card.grade));

    // Editing the oldest one moves it to the top.
    lib.save(&draft("old", "甲项目", "2018", "2026-11-04T00:00:00Z"), 1).unwrap();
    assert_eq!(ids(&lib.list().unwrap()), ["old", "new", "mid"]);
}

#[test]
fn a_stale_revision_is_a_conflict_and_writes_nothing() {
    let mut lib = lib();
    lib.save(&draft("a", "项目", "2019", T0), 0).unwrap();
    // Tab 1 and tab 2 both opened revision 1; tab 1 saves first.
    lib.save(&draft("a", "项目（标签页1）", "2019", T1), 1).unwrap();
    let before = lib.store().map.clone();
    let err = lib.save(&draft("a", "项目（标签页2）", "2019", T2), 1).unwrap_err();
    match &err {
        LibraryError::Conflict(c) => {
            assert_eq!((c.stored_revision, c.expected_revision), (2, 1));
            assert_eq!(c.stored_modified, T1);
        }
        other => panic!("expected a conflict, got {other:?}"),
    }
    assert!(err.to_string().contains("其他标签页"), "{err}");
    assert_eq!(lib.store().map, before);
    assert_eq!(lib.open("a").unwrap().draft.evaluation.header.name, "项目（标签页1）");
    // A new draft whose id is already taken is a conflict too (expected 0).
    assert!(matches!(lib.save(&draft("a", "x", "", T2), 0), Err(LibraryError::Conflict(_))));
}

#[test]
fn rename_sets_the_project_name_and_bumps_the_revision() {
    let mut lib = lib();
    lib.save(&draft("a", "旧名", "2019", T0), 0).unwrap();
    assert_eq!(lib.rename("a", "  新名  ", T1).unwrap(), 2);
    let opened = lib.open("a").unwrap();
    assert_eq!(opened.draft.evaluation.header.name, "新名");
    assert_eq!(opened.draft.modified, T1);
    assert_eq!(lib.list().unwrap()[0].project, "新名");
    // A tab still on revision 1 is now stale.
    assert!(matches!(lib.save(&draft("a", "旧名", "2019", T2), 1), Err(LibraryError::Conflict(_))));
}

#[test]
fn duplicate_makes_a_new_draft_with_the_same_content() {
    let mut lib = lib();
    let d = draft("a", "项目", "2019", T0);
    lib.save(&d, 0).unwrap();
    let (copy, rev) = lib.duplicate("a", "b", T1).unwrap();
    assert_eq!((copy.id.as_str(), rev), ("b", 1));
    assert_eq!(copy.evaluation, d.evaluation);
    assert_eq!((copy.created.as_str(), copy.modified.as_str()), (T1, T1));
    assert_eq!(lib.open("b").unwrap().draft, copy);
    assert_eq!(lib.open("a").unwrap().draft, d);
    assert_eq!(ids(&lib.list().unwrap()), ["b", "a"]);
}

#[test]
fn delete_moves_to_trash_restore_brings_back_purge_after_30_days() {
    let mut lib = lib();
    lib.save(&draft("a", "甲", "2019", T0), 0).unwrap();
    lib.save(&draft("b", "乙", "2019", T1), 0).unwrap();
    lib.delete("a", "2026-11-05T00:00:00Z").unwrap();
    assert_eq!(ids(&lib.list().unwrap()), ["b"]);
    let trash = lib.trash().unwrap();
    assert_eq!(ids(&trash), ["a"]);
    assert_eq!(trash[0].deleted_at.as_deref(), Some("2026-11-05T00:00:00Z"));
    // Still openable and intact while in the trash.
    assert_eq!(lib.open("a").unwrap().draft.evaluation.header.name, "甲");

    lib.restore("a").unwrap();
    assert_eq!(ids(&lib.list().unwrap()), ["b", "a"]);
    assert!(lib.trash().unwrap().is_empty());

    lib.delete("a", "2026-11-05T00:00:00Z").unwrap();
    // 29 days later: kept.
    assert!(lib.purge("2026-12-04T00:00:00Z").unwrap().is_empty());
    assert_eq!(ids(&lib.trash().unwrap()), ["a"]);
    // 30 days later: gone for good, and only it.
    assert_eq!(lib.purge("2026-12-05T00:00:00Z").unwrap(), ["a"]);
    assert!(lib.trash().unwrap().is_empty());
    assert!(!lib.store().map.contains_key(&draft_key("a")));
    assert_eq!(ids(&lib.list().unwrap()), ["b"]);
    assert!(matches!(lib.open("a"), Err(LibraryError::NotFound(_))));
}

#[test]
fn saving_a_deleted_draft_takes_it_out_of_the_trash() {
    let mut lib = lib();
    lib.save(&draft("a", "甲", "2019", T0), 0).unwrap();
    lib.delete("a", T1).unwrap();
    // A tab still editing it keeps saving: the draft is not lost in the trash.
    lib.save(&draft("a", "甲（改）", "2019", T2), 1).unwrap();
    assert_eq!(ids(&lib.list().unwrap()), ["a"]);
}

#[test]
fn import_of_a_new_draft_stores_it_with_its_id() {
    let mut lib = lib();
    let d = draft("from-colleague", "项目", "2019", T1);
    let out = lib.import(draft::to_json(&d).as_bytes(), T2, "unused").unwrap();
    assert_eq!(out, ImportOutcome::New(d.clone()));
    assert_eq!(lib.open("from-colleague").unwrap().draft, d);
}

#[test]
fn export_then_import_elsewhere_gives_the_same_draft() {
    let mut a = lib();
    let mut d = draft("x1", "城乡居民社会养老保险区级配套", "2019", T1);
    d.evaluation.notes = "备注：含“引号”与\n换行".into();
    a.save(&d, 0).unwrap();
    let (name, json) = a.export("x1").unwrap();
    assert_eq!(name, "城乡居民社会养老保险区级配套-2019.jixiao.json");
    let mut b = lib();
    assert_eq!(b.import(json.as_bytes(), T2, "other").unwrap(), ImportOutcome::New(d.clone()));
    assert_eq!(b.open("x1").unwrap().draft, d);
}

#[test]
fn import_of_the_same_id_never_overwrites_silently() {
    let mut lib = lib();
    let mine = draft("a", "我的版本", "2019", T0);
    lib.save(&mine, 0).unwrap();
    let theirs = draft("a", "同事的版本", "2019", T1);
    let before = lib.store().map.clone();
    let out = lib.import(draft::to_json(&theirs).as_bytes(), T2, "new-id").unwrap();
    let ImportOutcome::SameIdExists { incoming, existing } = out else { panic!("expected SameIdExists") };
    assert_eq!(incoming, theirs);
    assert_eq!((existing.id.as_str(), existing.project.as_str()), ("a", "我的版本"));
    assert_eq!(lib.store().map, before, "nothing written before the user chooses");

    // 保留两份
    let kept = lib.import_keep_both(&incoming, "a2", T2).unwrap();
    assert_eq!(kept.id, "a2");
    assert_eq!(kept.evaluation, theirs.evaluation);
    assert_eq!(lib.open("a").unwrap().draft, mine);
    assert_eq!(lib.open("a2").unwrap().draft, kept);
}

#[test]
fn import_replace_keeps_the_replaced_version_in_the_trash() {
    let mut lib = lib();
    let mine = draft("a", "我的版本", "2019", T0);
    lib.save(&mine, 0).unwrap();
    let theirs = draft("a", "同事的版本", "2019", T1);
    let rev = lib.import_replace(&theirs, "a-old", T2).unwrap();
    assert_eq!(rev, 2);
    assert_eq!(lib.open("a").unwrap().draft, theirs);
    let trash = lib.trash().unwrap();
    assert_eq!(ids(&trash), ["a-old"]);
    let old = lib.open("a-old").unwrap().draft;
    assert_eq!(old.evaluation, mine.evaluation);
    // The tab that was editing revision 1 of "a" is told, not overwritten.
    assert!(matches!(lib.save(&mine, 1), Err(LibraryError::Conflict(_))));
}

#[test]
fn a_same_id_draft_in_the_trash_is_also_offered_keep_both_or_replace() {
    let mut lib = lib();
    lib.save(&draft("a", "旧", "2019", T0), 0).unwrap();
    lib.delete("a", T1).unwrap();
    let out = lib.import(draft::to_json(&draft("a", "新", "2019", T2)).as_bytes(), T2, "n").unwrap();
    assert!(matches!(out, ImportOutcome::SameIdExists { .. }));
}

/// Every kind of bad file is refused with a Chinese message and changes nothing.
#[test]
fn bad_files_are_refused_and_the_library_is_untouched() {
    let mut lib = lib();
    lib.save(&draft("a", "已有草稿", "2019", T0), 0).unwrap();
    let good = draft::to_json(&draft("b", "新", "2019", T1));
    let newer = good.replacen(
        &format!("\"version\": {}", draft::VERSION),
        &format!("\"version\": {}", draft::VERSION + 1),
        1,
    );
    assert_ne!(newer, good, "the draft file states its version as \"version\": N");
    let big = vec![b' '; 64 * 1024 * 1024];
    let cases: Vec<(&str, Vec<u8>)> = vec![
        ("not JSON", b"PK\x03\x04 this is a zip".to_vec()),
        ("another program's JSON", br#"{"name": "package", "dependencies": {}}"#.to_vec()),
        ("truncated", good.as_bytes()[..good.len() / 2].to_vec()),
        ("newer version", newer.into_bytes()),
        ("empty", Vec::new()),
        ("too large", big),
    ];
    let before = lib.store().map.clone();
    for (what, bytes) in cases {
        let err = lib.import(&bytes, T2, "new").unwrap_err();
        assert!(matches!(err, LibraryError::BadFile(_)), "{what}: {err:?}");
        let message = err.to_string();
        assert!(message.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)), "{what}: message in Chinese: {message}");
        assert_eq!(lib.store().map, before, "{what}: the library is untouched");
    }
}

#[test]
fn quota_exceeded_leaves_the_stored_state_as_it_was() {
    let mut lib = Library::new(MemoryStore::new());
    let d = draft("a", "项目", "2019", T0);
    lib.save(&d, 0).unwrap();
    let used = lib.store().used();
    // Room for what is there and a little more, not for a much longer draft.
    lib.store_mut().quota = Some(used + 50);
    let mut big = d.clone();
    big.evaluation.notes = "长".repeat(500);
    let before = lib.store().map.clone();
    let err = lib.save(&big, 1).unwrap_err();
    assert_eq!(err, LibraryError::Store(StoreError::QuotaExceeded));
    assert_eq!(err.to_string(), "浏览器存储空间已满");
    assert_eq!(lib.store().map, before);
    assert_eq!(lib.open("a").unwrap(), jixiao::library::Opened { draft: d.clone(), revision: 1, upgraded_from: None });
    // Room again: the same save goes through with the revision the caller still holds.
    lib.store_mut().quota = None;
    assert_eq!(lib.save(&big, 1).unwrap(), 2);
}

#[test]
fn quota_exceeded_on_the_index_rolls_the_draft_back() {
    // The draft text fits, the index after it does not: the draft text is restored.
    let mut probe = lib();
    let d = draft("a", "项目", "2019", T0);
    probe.save(&d, 0).unwrap();
    let draft_only = draft_key("a").chars().count() + probe.store().map[&draft_key("a")].chars().count();
    let mut lib = Library::new(MemoryStore::with_quota(draft_only + 10));
    let err = lib.save(&d, 0).unwrap_err();
    assert_eq!(err, LibraryError::Store(StoreError::QuotaExceeded));
    assert!(lib.store().map.is_empty(), "{:?}", lib.store().map.keys());
}

#[test]
fn quota_exceeded_on_the_index_of_a_listed_draft_keeps_the_newer_text_whole() {
    // The text is written first, then the index; the previous text is not read back. When the
    // new text fits and the index after it does not, the stored text is the newer version,
    // complete; the index keeps the previous revision, so the caller's retry with the revision
    // it holds goes through, and a save of another copy of that revision makes the caller's
    // retry a conflict (its copy is kept by the caller, never overwritten silently).
    let mut lib = lib();
    let d = draft("a", "项目", "2019", T0);
    lib.save(&d, 0).unwrap();
    let mut longer = d.clone();
    longer.evaluation.header.name = "项目（第二期：扩大到全区十二个街道）".into();
    longer.modified = T1.into();
    // Room for the longer text, not for the longer index entry after it.
    let used = lib.store().used();
    let text_growth = draft::to_stored_json(&longer).chars().count() - lib.store().map[&draft_key("a")].chars().count();
    lib.store_mut().quota = Some(used + text_growth + 5);
    let index_before = lib.store().map[INDEX_KEY].clone();
    let err = lib.save(&longer, 1).unwrap_err();
    assert_eq!(err, LibraryError::Store(StoreError::QuotaExceeded));
    assert_eq!(lib.store().map[INDEX_KEY], index_before, "the index is as before");
    assert_eq!(lib.store().map[&draft_key("a")], draft::to_stored_json(&longer), "the newer text, whole");
    let opened = lib.open("a").unwrap();
    assert_eq!(opened.draft, longer);
    assert_eq!(opened.revision, 1, "the index's revision");
    assert_eq!(lib.list().unwrap()[0].project, "项目", "the list keeps the previous summary");
    // Room again: the caller's retry with the revision it holds goes through.
    lib.store_mut().quota = None;
    assert_eq!(lib.save(&longer, 1).unwrap(), 2);
    assert_eq!(lib.list().unwrap()[0].project, longer.evaluation.header.name);
    assert_eq!(lib.list().unwrap()[0].modified, T1);

    // Another copy of the same revision saved after the refused index: the refused caller's
    // retry is a conflict, not a silent overwrite of either version.
    let mut lib2 = Library::new(MemoryStore::new());
    lib2.save(&d, 0).unwrap();
    let used = lib2.store().used();
    lib2.store_mut().quota = Some(used + text_growth + 5);
    assert!(lib2.save(&longer, 1).is_err());
    lib2.store_mut().quota = None;
    let mut other = d.clone();
    other.evaluation.notes = "另一个标签页".into();
    assert_eq!(lib2.save(&other, 1).unwrap(), 2);
    assert!(matches!(lib2.save(&longer, 1), Err(LibraryError::Conflict(_))));
    assert_eq!(lib2.open("a").unwrap().draft, other);
}

#[test]
fn quota_exceeded_on_the_index_puts_back_an_unlisted_text() {
    // A stored text that is not listed (unreadable) under the id of a draft being saved for
    // the first time: if the index is refused, that text is put back as it was.
    let mut probe = lib();
    let d = draft("a", "项目", "2019", T0);
    probe.save(&d, 0).unwrap();
    let unreadable = "{\"format\": \"jixiao-draft\", \"vers";
    let text_len = probe.store().map[&draft_key("a")].chars().count();
    let mut lib = Library::new(MemoryStore::new());
    lib.store_mut().set(&draft_key("a"), unreadable).unwrap();
    assert!(lib.list().unwrap().is_empty(), "an unreadable text is not listed");
    lib.store_mut().quota = Some(draft_key("a").chars().count() + text_len + 10);
    let err = lib.save(&d, 0).unwrap_err();
    assert_eq!(err, LibraryError::Store(StoreError::QuotaExceeded));
    assert_eq!(lib.store().map.len(), 1, "{:?}", lib.store().map.keys());
    assert_eq!(lib.store().map[&draft_key("a")], unreadable);
}

#[test]
fn unavailable_storage_is_an_error_not_a_panic() {
    let mut lib = Library::new(MemoryStore::unavailable());
    let err = lib.save(&draft("a", "项目", "2019", T0), 0).unwrap_err();
    assert!(matches!(err, LibraryError::Store(StoreError::Unavailable(_))));
    assert!(err.to_string().starts_with("浏览器存储已被禁用或阻止"), "{err}");
    assert!(lib.list().is_err());
    assert!(lib.last_open().is_err());
    assert_eq!(StoreError::Other("x".into()).to_string(), "浏览器存储出错（x）");
}

#[test]
fn a_lost_or_corrupt_index_is_rebuilt_from_the_drafts() {
    let mut lib = lib();
    lib.save(&draft("a", "甲", "2019", T0), 0).unwrap();
    lib.save(&draft("b", "乙", "2020", T1), 0).unwrap();
    lib.store_mut().set(INDEX_KEY, "{not json").unwrap();
    let list = lib.list().unwrap();
    assert_eq!(ids(&list), ["b", "a"]);
    assert_eq!(list[1].project, "甲");
    lib.store_mut().remove(INDEX_KEY).unwrap();
    assert_eq!(ids(&lib.list().unwrap()), ["b", "a"]);
    // A rebuilt entry can be saved with the revision open() reports.
    let opened = lib.open("a").unwrap();
    assert!(lib.save(&opened.draft, opened.revision).is_ok());
}

#[test]
fn an_unreadable_stored_draft_is_reported_and_left_alone() {
    let mut lib = lib();
    lib.save(&draft("a", "甲", "2019", T0), 0).unwrap();
    lib.store_mut().set(&draft_key("a"), "{\"format\": \"jixiao-draft\", \"vers").unwrap();
    let err = lib.open("a").unwrap_err();
    assert!(matches!(err, LibraryError::Unreadable { .. }), "{err:?}");
    assert!(err.to_string().contains("无法读取"), "{err}");
    assert_eq!(lib.store().map[&draft_key("a")], "{\"format\": \"jixiao-draft\", \"vers");
}

#[test]
fn last_open_remembers_a_listed_draft_only() {
    let mut lib = lib();
    assert_eq!(lib.last_open().unwrap(), None);
    lib.save(&draft("a", "甲", "2019", T0), 0).unwrap();
    lib.set_last_open("a").unwrap();
    assert_eq!(lib.last_open().unwrap().as_deref(), Some("a"));
    lib.delete("a", T1).unwrap();
    assert_eq!(lib.last_open().unwrap(), None);
    lib.set_last_open("gone").unwrap();
    assert_eq!(lib.last_open().unwrap(), None);
}

#[test]
fn export_file_names_replace_illegal_characters() {
    assert_eq!(file_name(&draft("a", "甲/乙:丙*?\"<>|项目", "2019", T0)), "甲_乙_丙______项目-2019.jixiao.json");
    assert_eq!(file_name(&draft("a", "  ", "", T0)), "未命名项目.jixiao.json");
    assert_eq!(file_name(&draft("a", "..\\..\\x", "2019\n", T0)), "_.._x-2019.jixiao.json");
}

#[test]
fn times_parse_to_milliseconds() {
    assert_eq!(parse_time_ms("1970-01-01T00:00:00Z"), Some(0));
    assert_eq!(parse_time_ms("1970-01-02T00:00:01.5Z"), Some(86_401_500));
    assert_eq!(parse_time_ms("2000-03-01"), Some(951_868_800_000));
    assert!(parse_time_ms("2026-02-30T00:00:00Z").is_some()); // only the day range is checked
    assert_eq!(parse_time_ms("昨天"), None);
    assert_eq!(parse_time_ms("2026-13-01"), None);
}

/// Format upgrades: a stored draft of an older version is upgraded on open and its original
/// text kept under the backup key until the upgraded draft is saved.
#[test]
fn an_older_format_version_is_kept_until_the_upgrade_is_saved() {
    if draft::VERSION < 2 {
        // There is no older version to write yet; check that a current draft makes no backup.
        let mut lib = lib();
        lib.save(&draft("a", "甲", "2019", T0), 0).unwrap();
        assert_eq!(lib.open("a").unwrap().upgraded_from, None);
        assert_eq!(lib.backup("a").unwrap(), None);
        return;
    }
    let mut lib = lib();
    let d = draft("a", "甲", "2019", T0);
    lib.save(&d, 0).unwrap();
    let current = draft::to_json(&d);
    let old_text = current.replacen(
        &format!("\"version\": {}", draft::VERSION),
        &format!("\"version\": {}", draft::VERSION - 1),
        1,
    );
    lib.store_mut().set(&draft_key("a"), &old_text).unwrap();
    let opened = lib.open("a").unwrap();
    assert_eq!(opened.upgraded_from, Some(draft::VERSION - 1));
    assert_eq!(lib.backup("a").unwrap().as_deref(), Some(old_text.as_str()));
    assert_eq!(lib.store().map[&backup_key("a")], old_text);
    lib.save(&opened.draft, opened.revision).unwrap();
    assert_eq!(lib.backup("a").unwrap(), None);
}

#[test]
fn the_backup_survives_a_failed_save() {
    // Whatever the version: a backup present is only removed by a successful save.
    let mut lib = lib();
    let d = draft("a", "甲", "2019", T0);
    lib.save(&d, 0).unwrap();
    lib.store_mut().set(&backup_key("a"), "原文").unwrap();
    lib.store_mut().unavailable = true;
    assert!(lib.save(&d, 1).is_err());
    lib.store_mut().unavailable = false;
    assert!(matches!(lib.save(&d, 7), Err(LibraryError::Conflict(_))));
    assert_eq!(lib.backup("a").unwrap().as_deref(), Some("原文"));
    lib.save(&d, 1).unwrap();
    assert_eq!(lib.backup("a").unwrap(), None);
    assert!(lib.store().map.keys().all(|k| !k.starts_with(DRAFT_PREFIX) || k == &draft_key("a")));
}

/// 程序出错 → 导出已保存的草稿: the stored text of the draft being edited, as a file.
#[test]
fn rescue_offers_the_stored_text_of_the_draft_being_edited() {
    let mut lib = lib();
    assert_eq!(lib.rescue(None), None, "nothing stored");
    let a = draft("a", "甲项目", "2019", T0);
    let b = draft("b", "乙/项目", "", T0);
    lib.save(&a, 0).unwrap();
    lib.save(&b, 0).unwrap();
    assert_eq!(lib.rescue(None), None, "no draft open");
    lib.set_last_open("a").unwrap();
    // The browser's last-open draft, as stored, named as 导出草稿 names it.
    let (name, text) = lib.rescue(None).unwrap();
    assert_eq!(name, "甲项目-2019.jixiao.json");
    assert_eq!(name, file_name(&a));
    assert_eq!(Some(text.clone()), lib.store().get(&draft_key("a")).unwrap());
    // The text is a draft file that import reads back to the same draft.
    assert_eq!(jixiao::draft::parse(text.as_bytes()).unwrap().draft.evaluation, a.evaluation);
    // This tab's draft wins over the browser's last-open one; an unknown or deleted one does not.
    assert_eq!(lib.rescue(Some("b")).unwrap().0, "乙_项目.jixiao.json");
    assert_eq!(lib.rescue(Some("gone")).unwrap().0, "甲项目-2019.jixiao.json");
    lib.delete("b", T1).unwrap();
    assert_eq!(lib.rescue(Some("b")).unwrap().0, "甲项目-2019.jixiao.json");
    // Stored text that cannot be read is offered all the same (reading it may be what fails).
    lib.store_mut().set(&draft_key("a"), "{ 坏的").unwrap();
    assert_eq!(lib.rescue(None).unwrap().1, "{ 坏的");
}
