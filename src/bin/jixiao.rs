//! The `jixiao` command-line tool: score, check and write reports of draft files
//! (`*.jixiao.json`) or of filled 自评表 workbooks (.xlsx / .xls / .ods, read by
//! [`jixiao::workbook::import_workbook`]), import a workbook into a draft, write the sample or
//! generated drafts. `jixiao --help` for usage.
//!
//! Exit codes: 0 done (for `check`: no errors found); 1 `check` found errors (错误) or
//! something required not filled in yet (待填写);
//! 2 a file could not be read, parsed or written, or the command line is wrong.

use std::fmt::Write as _;
use std::io::{Read, Write};
use std::path::Path;
use std::process::ExitCode;

use jixiao::draft::{self, Draft};
use jixiao::numbers::Plain;
use jixiao::reconcile::{Finding, Severity};
use jixiao::scoring::Scorecard;
use jixiao::{Assessment, Evaluation};
use serde::Serialize;

const HELP: &str = "\
jixiao — 项目支出绩效自评：评分、核对、生成评价报告

用法：
  jixiao score 文件…             计算得分：单个文件列出每项指标的得分及计算过程，
                                 多个文件每个一行（总分、等级、错误数、待填写数、警告数）
  jixiao check 文件…             核对：列出全部问题（错误 / 警告 / 提示）及位置，
                                 再另列还需填写的项（待填写）
  jixiao check --summary 文件…   审核汇总：每个文件一行（单位、项目、年度、全年预算数、全年执行数、
                                 执行率、原报自评分、计算得分、差额、原报等级、计算等级、错误、警告、
                                 最严重的问题）；按提交件严格核对（必填项空着即为错误）；
                                 文件可以是文件夹或 .zip 压缩包（其中每个文件一行，同一文件只汇总一次）；
                                 加 --csv 输出 CSV（带 BOM，Excel 可直接打开），加 --json 输出 JSON
  jixiao report 文件 [--format html|docx] [-o 输出]
                                 生成绩效评价报告：html（默认，独立的 HTML 文件，可在浏览器中
                                 打印）或 docx（Word 文档，公文格式）；不写 -o 时按项目名称命名
                                 （<项目名称>绩效评价报告.html / .docx）
  jixiao export 文件 [--layout 格式] [-o 输出.xlsx]
                                 导出 Excel 工作簿（.xlsx），按官方格式排好的项目支出绩效自评表；
                                 格式：national2020（财政部 2020 年模板，默认）、yunnan（云南）、
                                 sichuan（四川）；不写 -o 时按项目名称命名
                                 （<项目名称>绩效自评表.xlsx）
  jixiao import 工作簿 [-o 草稿.jixiao.json] [--json]
                                 读取 Excel / WPS 另存的自评表工作簿（.xlsx、.xls、.ods），
                                 写出草稿（不写 -o 时写到标准输出）；读取了哪些单元格、
                                 未识别的内容和注意事项写到标准错误输出；
                                 --json 时写出读取结果（草稿内容、单元格来源、未识别项）
  jixiao sample [-o 文件]        写出样例草稿（东川区城乡居民社会养老保险区级配套，2019）
  jixiao generate 指标数 [-o 文件] [--seed 种子]
                                 生成指定数量三级指标的测试草稿（同一种子结果相同）
  jixiao --help | --version

选项：
  --json        score / check 输出机器可读的 JSON（一个文件为一个对象，多个文件为数组）：
                总分、等级（尚不能评分时为 null，scorable 为 false）、预算执行得分、
                每项指标的得分及说明、全部问题（severity：错误 / 待填写 / 警告 / 提示）
  -o 文件       输出文件；文件名为 - 时写到标准输出
  --format 格式 report 的输出格式：html（默认）或 docx
  文件为 - 时从标准输入读取。
  score / check / report 的文件也可以是自评表工作簿（.xlsx、.xls、.ods，按扩展名或文件内容识别），
  读取后按草稿处理；check 在每个问题的位置后注明它来自的单元格，如（自评表!H12）。

待填写：只说明某个必填项还空着（或模板中的指标分组下还没有三级指标）的问题。
  与在应用中打开该草稿时一样：草稿中已填了内容的部分（如资金），其中的空项算作错误；
  一点都还没填的部分，其空项算作待填写，单独列出，不算错误。待填写同样必须补全。
  表中还没有可计算的执行率或有分值的三级指标时，总分和等级显示为“—”（尚不能评分）。

退出码：
  0  完成（check：没有错误，也没有待填写的项）
  1  check 发现错误或待填写的项（严格：必填项没填完也是 1）
  2  文件无法读取、不是有效的草稿、无法写出，或命令行有误（原因写在标准错误输出）
";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match run(&args) {
        Ok(code) => ExitCode::from(code),
        Err(msg) => {
            eprintln!("jixiao：{msg}");
            ExitCode::from(2)
        }
    }
}

/// Parsed options common to the subcommands.
#[derive(Default)]
struct Opts {
    json: bool,
    /// `check --summary`: one row per file, as the 审核 page's table.
    summary: bool,
    /// `check --summary --csv`.
    csv: bool,
    out: Option<String>,
    format: Option<String>,
    seed: Option<u64>,
    positional: Vec<String>,
}

fn parse_opts(args: &[String]) -> Result<Opts, String> {
    let mut o = Opts::default();
    let mut it = args.iter();
    let mut only_files = false;
    while let Some(a) = it.next() {
        if only_files {
            o.positional.push(a.clone());
            continue;
        }
        match a.as_str() {
            "--" => only_files = true,
            "--json" => o.json = true,
            "--summary" => o.summary = true,
            "--csv" => o.csv = true,
            "-o" | "--output" => {
                let v = it.next().ok_or_else(|| format!("{a} 后面缺少输出文件名"))?;
                o.out = Some(v.clone());
            }
            "--format" => {
                let v = it.next().ok_or("--format 后面缺少格式（html 或 docx）")?;
                o.format = Some(v.clone());
            }
            s if s.starts_with("--format=") => o.format = Some(s["--format=".len()..].to_string()),
            "--seed" => {
                let v = it.next().ok_or("--seed 后面缺少种子（非负整数）")?;
                o.seed = Some(v.parse().map_err(|_| format!("种子应为非负整数，实际为“{v}”"))?);
            }
            s if s.starts_with("--output=") => o.out = Some(s["--output=".len()..].to_string()),
            s if s.starts_with("--seed=") => {
                let v = &s["--seed=".len()..];
                o.seed = Some(v.parse().map_err(|_| format!("种子应为非负整数，实际为“{v}”"))?);
            }
            s if s.starts_with('-') && s != "-" => {
                return Err(format!("不认识的选项“{s}”（jixiao --help 查看用法）"))
            }
            _ => o.positional.push(a.clone()),
        }
    }
    Ok(o)
}

fn run(args: &[String]) -> Result<u8, String> {
    let Some(cmd) = args.first() else {
        eprint!("{HELP}");
        return Ok(2);
    };
    let rest = &args[1..];
    match cmd.as_str() {
        "-h" | "--help" | "help" => {
            out(HELP);
            Ok(0)
        }
        "-V" | "--version" => {
            out(&format!("jixiao {}（草稿格式版本 {}）\n", env!("CARGO_PKG_VERSION"), draft::VERSION));
            Ok(0)
        }
        "score" => {
            let o = parse_opts(rest)?;
            no_output_option(&o, "score")?;
            if o.summary || o.csv {
                return Err("--summary / --csv 用于 check：jixiao check --summary 文件…".into());
            }
            assess_files(&o, Mode::Score)
        }
        "check" => {
            let o = parse_opts(rest)?;
            no_output_option(&o, "check")?;
            if o.summary {
                summary(&o)
            } else if o.csv {
                Err("--csv 只用于 check --summary（汇总表）".into())
            } else {
                assess_files(&o, Mode::Check)
            }
        }
        "report" => report(&parse_opts(rest)?),
        "export" => export(rest),
        "import" => import(&parse_opts(rest)?),
        "sample" => {
            let o = parse_opts(rest)?;
            if !o.positional.is_empty() {
                return Err(format!("sample 不需要参数“{}”；用 -o 指定输出文件", o.positional[0]));
            }
            write_output(o.out.as_deref().unwrap_or("-"), &draft::to_json(&jixiao::sample::pension_2019()))?;
            Ok(0)
        }
        "generate" => {
            let o = parse_opts(rest)?;
            let n = match o.positional.as_slice() {
                [n] => n.parse::<usize>().map_err(|_| format!("指标数应为非负整数，实际为“{n}”"))?,
                [] => return Err("generate 需要指标数，例如：jixiao generate 1000 -o 千项.jixiao.json".into()),
                more => return Err(format!("generate 只需要一个指标数，多了“{}”", more[1])),
            };
            if n > 100_000 {
                return Err(format!("指标数最多 100000，实际为 {n}"));
            }
            let d = jixiao::generate::generate(n, o.seed.unwrap_or(1));
            write_output(o.out.as_deref().unwrap_or("-"), &draft::to_json(&d))?;
            Ok(0)
        }
        other => Err(format!("不认识的命令“{other}”（可用：score、check、report、export、import、sample、generate；jixiao --help 查看用法）")),
    }
}

fn no_output_option(o: &Opts, cmd: &str) -> Result<(), String> {
    if o.out.is_some() {
        return Err(format!("{cmd} 不写文件，不需要 -o；需要机器可读的输出时用 --json"));
    }
    if o.format.is_some() {
        return Err(format!("{cmd} 没有 --format 选项（--format 只用于 report）"));
    }
    if o.positional.is_empty() {
        return Err(format!("{cmd} 需要至少一个草稿文件，例如：jixiao {cmd} 项目.jixiao.json"));
    }
    Ok(())
}

/// Why a file could not be loaded: the message (naming the file) and the JSON path.
struct LoadError {
    message: String,
    path: Option<String>,
}

impl From<String> for LoadError {
    fn from(message: String) -> LoadError {
        LoadError { message, path: None }
    }
}

/// Reads and parses one draft file ("-" = standard input), of any size that fits in memory
/// (the browser's [`draft::MAX_FILE_BYTES`] does not apply here). The error names the file.
fn load(file: &str) -> Result<Draft, LoadError> {
    let bytes = if file == "-" {
        let mut buf = Vec::new();
        std::io::stdin().read_to_end(&mut buf).map_err(|e| format!("无法读取标准输入：{e}"))?;
        buf
    } else {
        let path = Path::new(file);
        match std::fs::metadata(path) {
            Ok(m) if m.is_dir() => return Err(format!("{file}：这是一个文件夹，不是草稿文件").into()),
            Ok(_) => {}
            Err(e) => return Err(format!("{file}：无法读取（{}）", io_zh(&e)).into()),
        }
        std::fs::read(path).map_err(|e| format!("{file}：无法读取（{}）", io_zh(&e)))?
    };
    load_bytes(file, &bytes)
}

/// A draft from a file's bytes: a workbook (by its content and name) or a draft file.
fn load_bytes(file: &str, bytes: &[u8]) -> Result<Draft, LoadError> {
    let bytes = bytes.to_vec();
    if jixiao::workbook::grid::looks_like_workbook(&bytes, file) {
        return import_file(&bytes, file).map(|(d, _)| d).map_err(LoadError::from);
    }
    draft::parse_any_size(&bytes).map(|l| l.draft).map_err(|e| LoadError {
        message: format!("{file}：{e}"),
        path: e.path().map(str::to_string),
    })
}

/// Reads a workbook (.xlsx / .xls / .ods) into a new draft, with what was read from where.
fn import_file(bytes: &[u8], file: &str) -> Result<(Draft, jixiao::workbook::Imported), String> {
    let name = Path::new(file).file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| file.to_string());
    let imported = jixiao::workbook::import_workbook(bytes, &name).map_err(|e| format!("{file}：{e}"))?;
    let now = now_iso();
    let stem = name.split('.').next().unwrap_or("workbook");
    let draft = Draft {
        id: format!("workbook-{stem}"),
        created: now.clone(),
        modified: now,
        evaluation: imported.evaluation.clone(),
    };
    Ok((draft, imported))
}

/// The current time as ISO 8601 UTC (`2026-12-04T05:00:00Z`).
fn now_iso() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0);
    let (days, rem) = (secs.div_euclid(86_400), secs.rem_euclid(86_400));
    // Civil date from days since 1970-01-01 (H. Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z", rem / 3600, rem / 60 % 60, rem % 60)
}

/// `jixiao import 工作簿 -o 草稿`: the draft to the output, what was read from where, what was
/// not recognised and the notes to standard error.
fn import(o: &Opts) -> Result<u8, String> {
    let file = match o.positional.as_slice() {
        [f] => f,
        [] => return Err("import 需要一个工作簿文件，例如：jixiao import 自评表.xlsx -o 项目.jixiao.json".into()),
        more => return Err(format!("import 一次只处理一个文件，多了“{}”", more[1])),
    };
    let bytes = if file == "-" {
        let mut buf = Vec::new();
        std::io::stdin().read_to_end(&mut buf).map_err(|e| format!("无法读取标准输入：{e}"))?;
        buf
    } else {
        std::fs::read(file).map_err(|e| format!("{file}：无法读取（{}）", io_zh(&e)))?
    };
    let (d, imported) = import_file(&bytes, file)?;
    if o.json {
        let text = serde_json::to_string_pretty(&imported).map_err(|e| e.to_string())?;
        write_output(o.out.as_deref().unwrap_or("-"), &format!("{text}\n"))?;
    } else {
        write_output(o.out.as_deref().unwrap_or("-"), &draft::to_json(&d))?;
    }
    let mut s = format!(
        "已从工作表「{}」读取 {} 项{}\n",
        imported.sheet,
        imported.read.len(),
        imported.layout.map(|l| format!("（{}）", l.label())).unwrap_or_default()
    );
    for n in &imported.notes {
        s += &format!("注意：{n}\n");
    }
    if !imported.unrecognised.is_empty() {
        s += &format!("未识别 {} 处：\n", imported.unrecognised.len());
        for u in &imported.unrecognised {
            s += &format!("  {}「{}」：{}\n", u.cell, u.text, u.reason);
        }
    }
    eprint!("{s}");
    Ok(0)
}

fn io_zh(e: &std::io::Error) -> String {
    use std::io::ErrorKind::*;
    match e.kind() {
        NotFound => "文件不存在".into(),
        PermissionDenied => "没有权限".into(),
        IsADirectory => "这是一个文件夹".into(),
        _ => e.to_string(),
    }
}

/// Writes to standard output. A closed pipe (`jixiao check … | head`) ends the program
/// quietly instead of panicking.
fn out(text: &str) {
    let mut stdout = std::io::stdout().lock();
    if stdout.write_all(text.as_bytes()).and_then(|_| stdout.flush()).is_err() {
        std::process::exit(2);
    }
}

fn write_output(out: &str, text: &str) -> Result<(), String> {
    write_bytes(out, text.as_bytes())
}

fn write_bytes(out: &str, bytes: &[u8]) -> Result<(), String> {
    if out == "-" {
        let mut stdout = std::io::stdout().lock();
        return stdout
            .write_all(bytes)
            .and_then(|_| stdout.flush())
            .map_err(|e| format!("无法写到标准输出：{e}"));
    }
    std::fs::write(out, bytes).map_err(|e| format!("{out}：无法写出（{}）", io_zh(&e)))
}

#[derive(Clone, Copy, PartialEq)]
enum Mode {
    Score,
    Check,
}

fn count(findings: &[Finding], s: Severity) -> usize {
    findings.iter().filter(|f| f.severity == s).count()
}

fn assess_files(o: &Opts, mode: Mode) -> Result<u8, String> {
    let mut unreadable = false;
    let mut errors_found = false;
    let several = o.positional.len() > 1;
    let loaded: Vec<(&String, Result<Draft, LoadError>)> = o.positional.iter().map(|f| (f, load(f))).collect();
    let mut items: Vec<JsonItem> = Vec::new();
    for (file, result) in &loaded {
        let d = match result {
            Ok(d) => d,
            Err(LoadError { message, path }) => {
                unreadable = true;
                eprintln!("jixiao：{message}");
                items.push(JsonItem::Err { file: file.to_string(), ok: false, error: message.clone(), path: path.clone() });
                continue;
            }
        };
        // As the app shows the draft when it is opened: blanks in parts not filled in at all
        // are 待填写 (listed apart), and count like errors for the exit code.
        let a = jixiao::editor::assess_opened(&d.evaluation);
        errors_found |= count(&a.findings, Severity::Error) + count(&a.findings, Severity::ToFill) > 0;
        if o.json {
            items.push(JsonItem::Ok(Box::new(json_report(file, &d.evaluation, a))));
            continue;
        }
        if several {
            out(&format!("{}\n", one_line(file, &a)));
        } else if mode == Mode::Score {
            print_score(file, &d.evaluation, &a);
        } else {
            out(&check_text(file, &d.evaluation, &a));
        }
        // Not freed, like the drafts below.
        std::mem::forget(a);
    }
    if o.json {
        let text = if several {
            serde_json::to_string_pretty(&items)
        } else {
            serde_json::to_string_pretty(&items.first())
        }
        .map_err(|e| e.to_string())?;
        out(&format!("{text}\n"));
    }
    // The drafts, their assessments and the JSON items are deliberately not freed: the process
    // ends as soon as this returns (`run` → `main`), and the system takes all of its memory
    // back at once, whereas dropping them frees their hundreds of thousands of strings and
    // vectors one by one (about 5 % of the instructions of `jixiao score` at 10,000
    // indicators: docs/benchmarks.md, issue 20).
    std::mem::forget(items);
    std::mem::forget(loaded);
    Ok(if unreadable {
        2
    } else if mode == Mode::Check && errors_found {
        1
    } else {
        0
    })
}

/// `check --summary`: the reviewer's table of a batch (review::SummaryRow per file, checked
/// strictly as a submission), as text, `--csv` or `--json`. A file that cannot be read is
/// named on standard error (and in the JSON) and the others are still summarised.
fn summary(o: &Opts) -> Result<u8, String> {
    if o.csv && o.json {
        return Err("--csv 和 --json 只能选一个".into());
    }
    let mut unreadable = Vec::new();
    let mut rows = Vec::new();
    let mut seen: Vec<(String, String)> = Vec::new();
    for (file, bytes) in o.positional.iter().flat_map(|f| batch_files(f)) {
        let loaded = bytes.and_then(|b| {
            // The same content twice (a file in a zip and in a folder): summarised once.
            let print = jixiao::review::fingerprint(&b);
            if let Some((_, first)) = seen.iter().find(|(p, _)| *p == print) {
                eprintln!("jixiao：{file} 与 {first} 是同一个文件，只汇总一次");
                return Ok(None);
            }
            seen.push((print, file.clone()));
            load_bytes(&file, &b).map(Some).map_err(|LoadError { message, .. }| message)
        });
        match loaded {
            Ok(Some(d)) => rows.push(jixiao::review::SummaryRow::of(&file, &d.evaluation)),
            Ok(None) => {}
            Err(message) => {
                eprintln!("jixiao：{message}");
                unreadable.push(serde_json::json!({ "file": file, "error": message }));
            }
        }
    }
    if o.json {
        let v = serde_json::json!({ "rows": rows, "unreadable": unreadable });
        out(&format!("{}\n", serde_json::to_string_pretty(&v).map_err(|e| e.to_string())?));
    } else if o.csv {
        out(&jixiao::review::to_csv(&rows));
    } else {
        out(&jixiao::review::to_text(&rows));
    }
    Ok(if !unreadable.is_empty() {
        2
    } else if rows.iter().any(|r| r.errors > 0) {
        1
    } else {
        0
    })
}

/// The files of a batch as the 审核 page takes them: a file; a folder's files (recursively, in
/// name order, hidden files skipped), named by their path; a .zip's files (unpacked with the
/// page's limits, `review::archive`), named `批次.zip/某单位/自评表.xlsx`. Each with its bytes or
/// why it cannot be read (the message names the file).
fn batch_files(file: &str) -> Vec<(String, Result<Vec<u8>, String>)> {
    let path = Path::new(file);
    if file != "-" && path.is_dir() {
        let mut entries: Vec<_> = match std::fs::read_dir(path) {
            Ok(d) => d.filter_map(Result::ok).map(|e| e.file_name().to_string_lossy().into_owned()).collect(),
            Err(e) => return vec![(file.to_string(), Err(format!("{file}：无法读取这个文件夹（{}）", io_zh(&e))))],
        };
        entries.sort();
        let base = file.trim_end_matches('/');
        return entries
            .into_iter()
            .filter(|n| !n.starts_with('.') && n != "__MACOSX")
            .flat_map(|n| batch_files(&format!("{base}/{n}")))
            .collect();
    }
    let read = if file == "-" {
        let mut buf = Vec::new();
        std::io::stdin().read_to_end(&mut buf).map(|_| buf)
    } else {
        std::fs::read(path)
    };
    let bytes = match read {
        Ok(b) => b,
        Err(e) => return vec![(file.to_string(), Err(format!("{file}：无法读取（{}）", io_zh(&e))))],
    };
    if !file.to_lowercase().ends_with(".zip") {
        return vec![(file.to_string(), Ok(bytes))];
    }
    match jixiao::review::archive::unpack(&bytes) {
        Ok((entries, all)) => jixiao::review::archive::split(&entries, &all)
            .into_iter()
            .map(|(e, part)| {
                let name = format!("{file}/{}", e.name);
                let read = match &e.error {
                    Some(m) => Err(format!("{name}：{m}")),
                    None => Ok(part.to_vec()),
                };
                (name, read)
            })
            .collect(),
        Err(e) => vec![(file.to_string(), Err(format!("无法打开压缩包“{file}”：{e}")))],
    }
}

/// 总分 and 等级 as shown: "—" for both while the form cannot be scored
/// ([`Scorecard::scorable`]).
fn total_and_grade(sc: &Scorecard) -> (String, &'static str) {
    if sc.scorable {
        (sc.total.to_string(), sc.grade.label())
    } else {
        ("—".to_string(), "—")
    }
}

/// "（尚不能评分：缺少 …）" while the form cannot be scored, else nothing.
fn unscorable_note(sc: &Scorecard) -> String {
    if sc.scorable {
        String::new()
    } else {
        format!("（尚不能评分：缺少{}）", sc.missing_for_score().join("、"))
    }
}

fn one_line(file: &str, a: &Assessment) -> String {
    let (total, grade) = total_and_grade(&a.scorecard);
    format!(
        "{file}  总分 {total}  等级 {grade}  错误 {}  待填写 {}  警告 {}",
        count(&a.findings, Severity::Error),
        count(&a.findings, Severity::ToFill),
        count(&a.findings, Severity::Warning)
    )
}

fn title(file: &str, e: &Evaluation) -> String {
    let name = if e.header.name.trim().is_empty() { "（项目名称未填写）" } else { e.header.name.trim() };
    let year = if e.header.year.trim().is_empty() { String::new() } else { format!("（{}年度）", e.header.year.trim()) };
    format!("{name}{year}  {file}\n")
}

/// The 三级 rows of an evaluation paired with their scores (by position: the scorecard has
/// one entry per 三级 row in display order).
fn scored_rows<'a>(e: &'a Evaluation, sc: &'a Scorecard) -> impl Iterator<Item = (&'a jixiao::Indicator, &'a jixiao::scoring::IndicatorScore)> {
    e.indicators.iter().filter(|i| i.is_scored()).zip(&sc.indicators)
}

/// Prints the scorecard of one file: the budget row, each group's subtotal and each 三级 row
/// with its explanation, the total and the count of findings. Written out in chunks of about
/// [`CHUNK`] bytes as it is built, not as one string (at 10,000 indicators the text is 1.4 MB:
/// every new page of memory costs a page fault, dear on this virtual machine — issue 20).
fn print_score(file: &str, e: &Evaluation, a: &Assessment) {
    let sc = &a.scorecard;
    // A row is far shorter than a chunk: the buffer is never reallocated.
    let mut s = String::with_capacity(2 * CHUNK);
    s += &title(file, e);
    let b = &sc.budget;
    let rate = b.rate.map(|r| format!("{r}%")).unwrap_or_else(|| "—".into());
    let _ = write!(s, "预算执行率  执行率 {rate}  得分 {} / {}  ", Plain(b.score), Plain(b.weight));
    b.explanation.write_rule(&mut s);
    s.push('：');
    b.explanation.write_formula(&mut s);
    s.push('\n');
    let mut groups = sc.groups.iter();
    let mut next_group = groups.next();
    let mut rows = scored_rows(e, sc).peekable();
    for ind in &e.indicators {
        if ind.is_scored() {
            if let Some((_, is)) = rows.next() {
                let name = match ind.name.trim() {
                    "" => "（未命名）",
                    name => name,
                };
                let mark = if is.dropped {
                    "（不适用）"
                } else if is.manual {
                    "（人工评分）"
                } else {
                    ""
                };
                let _ = write!(s, "    {name}{mark}  {} / {}  ", Plain(is.score), Plain(is.weight));
                is.explanation.write_rule(&mut s);
                s.push('：');
                is.explanation.write_formula(&mut s);
                s.push('\n');
                if s.len() >= CHUNK {
                    out(&s);
                    s.clear();
                }
            }
        } else if let Some(g) = next_group.filter(|g| g.id == ind.id) {
            let indent = if g.level == 1 { "" } else { "  " };
            let _ = writeln!(s, "{indent}{}  小计 {} / {}", g.name, Plain(g.score), Plain(g.weight));
            next_group = groups.next();
        }
    }
    if let Some(r) = &sc.rescale {
        let _ = write!(s, "折算：{}：", r.rule());
        r.write_formula(&mut s);
        s.push('\n');
    }
    let (total, grade) = total_and_grade(sc);
    let _ = writeln!(s, "总分 {total} / {}  等级 {grade}{}", sc.max_total, unscorable_note(sc));
    let _ = writeln!(
        s,
        "错误 {}  待填写 {}  警告 {}  提示 {}{}",
        count(&a.findings, Severity::Error),
        count(&a.findings, Severity::ToFill),
        count(&a.findings, Severity::Warning),
        count(&a.findings, Severity::Info),
        if a.findings.is_empty() { "" } else { "（jixiao check 查看详情）" }
    );
    out(&s);
}

/// About how many bytes of output [`print_score`] collects before writing them.
const CHUNK: usize = 64 * 1024;

fn check_text(file: &str, e: &Evaluation, a: &Assessment) -> String {
    let mut s = title(file, e);
    if a.findings.is_empty() {
        s += "没有发现问题。\n";
    }
    // Errors, warnings and notes first; what is still to fill after them, apart.
    let (to_fill, found): (Vec<&Finding>, Vec<&Finding>) =
        a.findings.iter().partition(|f| f.severity == Severity::ToFill);
    for (i, f) in found.iter().chain(&to_fill).enumerate() {
        if i == found.len() {
            s += &format!("还需填写 {} 项（待填写）：\n", to_fill.len());
        }
        let cell = e.source_cells.get(&f.path).map(|c| format!("（{c}）")).unwrap_or_default();
        s += &format!("[{}] {}{cell}：{}", f.severity.label(), f.place(), f.message());
        let mut nums = Vec::new();
        if let Some(x) = f.expected {
            nums.push(format!("应为 {x}"));
        }
        if let Some(x) = f.found {
            nums.push(format!("实际 {x}"));
        }
        if let Some(x) = f.difference {
            nums.push(format!("差额 {x}"));
        }
        if !nums.is_empty() {
            s += &format!("（{}）", nums.join("，"));
        }
        s += &format!("  [{} {}]\n", f.code, f.path);
    }
    let (total, grade) = total_and_grade(&a.scorecard);
    s += &format!(
        "总分 {total}  等级 {grade}{}  错误 {}  待填写 {}  警告 {}  提示 {}\n",
        unscorable_note(&a.scorecard),
        count(&a.findings, Severity::Error),
        count(&a.findings, Severity::ToFill),
        count(&a.findings, Severity::Warning),
        count(&a.findings, Severity::Info)
    );
    s
}

/// The machine-readable result of one file (keys in this order). Decimals are strings, as
/// in draft files.
#[derive(Serialize)]
#[serde(untagged)]
enum JsonItem<'a> {
    Ok(Box<FileResult<'a>>),
    Err { file: String, ok: bool, error: String, path: Option<String> },
}

#[derive(Serialize)]
struct FileResult<'a> {
    file: String,
    ok: bool,
    project: String,
    year: String,
    /// Whether the form can be scored ([`Scorecard::scorable`]); when not, `total` and
    /// `grade` are null.
    scorable: bool,
    total: Option<rust_decimal::Decimal>,
    max_total: rust_decimal::Decimal,
    grade: Option<jixiao::Grade>,
    /// 执行率 in percent
    execution_rate: Option<rust_decimal::Decimal>,
    budget: jixiao::scoring::BudgetScore,
    indicators: Vec<Row<'a>>,
    groups: Vec<jixiao::scoring::GroupScore>,
    rescale: Option<jixiao::scoring::Explanation>,
    counts: Counts,
    findings: Vec<Finding>,
}

#[derive(Serialize)]
struct Row<'a> {
    name: &'a str,
    /// The row's id (the score pairs with its row by position and does not copy it).
    id: &'a str,
    #[serde(flatten)]
    score: jixiao::scoring::IndicatorScore,
}

#[derive(Serialize)]
struct Counts {
    errors: usize,
    /// 待填写
    to_fill: usize,
    warnings: usize,
    infos: usize,
}

fn json_report<'a>(file: &str, e: &'a Evaluation, a: Assessment) -> FileResult<'a> {
    let counts = Counts {
        errors: count(&a.findings, Severity::Error),
        to_fill: count(&a.findings, Severity::ToFill),
        warnings: count(&a.findings, Severity::Warning),
        infos: count(&a.findings, Severity::Info),
    };
    let sc = a.scorecard;
    let indicators = e
        .indicators
        .iter()
        .filter(|i| i.is_scored())
        .zip(sc.indicators)
        .map(|(ind, score)| Row { name: &ind.name, id: &ind.id, score })
        .collect();
    FileResult {
        file: file.to_string(),
        ok: true,
        project: e.header.name.clone(),
        year: e.header.year.clone(),
        scorable: sc.scorable,
        total: sc.scorable.then_some(sc.total),
        max_total: sc.max_total,
        grade: sc.scorable.then_some(sc.grade),
        execution_rate: sc.budget.rate,
        budget: sc.budget,
        indicators,
        groups: sc.groups,
        rescale: sc.rescale,
        counts,
        findings: a.findings,
    }
}

fn report(o: &Opts) -> Result<u8, String> {
    let file = match o.positional.as_slice() {
        [f] => f,
        [] => return Err("report 需要一个草稿文件，例如：jixiao report 项目.jixiao.json -o 报告.html".into()),
        more => return Err(format!("report 一次只处理一个文件，多了“{}”", more[1])),
    };
    if o.json {
        return Err("report 不支持 --json".into());
    }
    let docx = match o.format.as_deref() {
        None | Some("html") => false,
        Some("docx") => true,
        Some(other) => return Err(format!("不认识的报告格式“{other}”（可用：html、docx）")),
    };
    let d = load(file).map_err(|e| e.message)?;
    let (bytes, name) = if docx {
        (jixiao::report::docx::write(&d.evaluation)?, jixiao::report::docx::file_name(&d.evaluation))
    } else {
        (jixiao::report::render(&d).into_bytes(), jixiao::report::file_name(&d.evaluation))
    };
    let out = o.out.clone().unwrap_or(name);
    write_bytes(&out, &bytes)?;
    let a = jixiao::assess(&d.evaluation);
    let errors = count(&a.findings, Severity::Error);
    if out != "-" {
        eprintln!("已写出 {out}");
    }
    if errors > 0 {
        eprintln!("注意：草稿还有 {errors} 个错误（jixiao check {file} 查看）{}", if d.evaluation.rules.draft_mark_on_errors { "，报告已标为草稿" } else { "" });
    }
    Ok(0)
}

/// `jixiao export FILE [--layout national2020|yunnan|sichuan] [-o OUT.xlsx]`: the draft as an
/// .xlsx workbook in an official layout (`-o -` writes the bytes to standard output).
fn export(args: &[String]) -> Result<u8, String> {
    use jixiao::workbook::{self, Layout};
    // --layout is this command's own option: taken out before the common options are read.
    let mut layout = Layout::National2020;
    let mut rest = Vec::new();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let key = if a == "--layout" {
            Some(it.next().ok_or("--layout 后面缺少格式（national2020、yunnan 或 sichuan）")?.as_str())
        } else {
            a.strip_prefix("--layout=")
        };
        match key {
            Some(k) => {
                layout = Layout::from_key(k).ok_or_else(|| {
                    let known: Vec<&str> = Layout::ALL.iter().map(|l| l.key()).collect();
                    format!("不认识的格式“{k}”（可用：{}）", known.join("、"))
                })?
            }
            None => rest.push(a.clone()),
        }
    }
    let o = parse_opts(&rest)?;
    let file = match o.positional.as_slice() {
        [f] => f,
        [] => return Err("export 需要一个草稿文件，例如：jixiao export 项目.jixiao.json -o 自评表.xlsx".into()),
        more => return Err(format!("export 一次只处理一个文件，多了“{}”", more[1])),
    };
    if o.json {
        return Err("export 不支持 --json".into());
    }
    if o.seed.is_some() {
        return Err("export 不需要 --seed".into());
    }
    let d = load(file).map_err(|e| e.message)?;
    let bytes = workbook::export_workbook(&d.evaluation, layout).map_err(|e| format!("{file}：{e}"))?;
    let out_name = o.out.clone().unwrap_or_else(|| workbook::export::file_name(&d.evaluation));
    if out_name == "-" {
        let mut stdout = std::io::stdout().lock();
        stdout.write_all(&bytes).and_then(|_| stdout.flush()).map_err(|e| format!("无法写到标准输出：{e}"))?;
    } else {
        std::fs::write(&out_name, &bytes).map_err(|e| format!("{out_name}：无法写出（{}）", io_zh(&e)))?;
        eprintln!("已写出 {out_name}（{}）", layout.label());
    }
    Ok(0)
}
