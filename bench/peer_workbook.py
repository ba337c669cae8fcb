#!/usr/bin/env python3
"""The peer of `jixiao score` in bench/cli.sh: the same 自评表 as a unit keeps it in a
spreadsheet, with formulas where units write them, as an .xlsx (Python's standard library
only: an .xlsx is a zip of XML parts).

    python3 bench/peer_workbook.py DRAFT.jixiao.json OUT.xlsx [SCORE.json]

SCORE.json (`jixiao score --json DRAFT`, optional): 实际完成值 that the draft leaves to be
computed (a satisfaction rate from the survey) are typed as jixiao found them, as a unit types
the survey's result.

Sheet 自评表: the funds block (sources typed, 年度资金总额 = SUM of the sources, 执行率 and its
score as formulas), then one row per indicator in the draft's order: 三级指标 with 年度指标值,
实际完成值, 分值 typed and 得分 as the rule's formula (≥: full when met, else 分值 ×
实际 ÷ 目标; ＝: full when met, else 分值 × (1 − |实际 − 目标| ÷ 目标); ≤: full when met, else 分值 × 目标 ÷ 实际; 定性 and manual scores typed; an
indicator not applicable scores nothing and its weight is left out of the rescaling), every
score rounded (ROUND) to the draft's `rules.decimals` places — 2 as a rule, more for drafts
whose weights need them (`jixiao generate` of thousands of rows) — and at most its weight
(MIN); 一级/二级指标 rows sum their rows (SUM over the range). The 执行率, its score and the
total are rounded to the same places, as jixiao rounds them, so that both compute the same.
Last: 总分 (rescaled to 100 when indicators are not applicable), 等级 (IF over the grade
thresholds). No cached values are written: LibreOffice must compute every formula (bench/cli.sh
also sets its profile to recalculate on load). Column H of the 总分 row is what is compared
with jixiao's total.
"""
import json
import sys
import zipfile
from xml.sax.saxutils import escape


def col(n):
    return "ABCDEFGHIJ"[n]


class Sheet:
    def __init__(self):
        self.rows = []

    def add(self, cells):
        """cells: list of (kind, value): 's' string, 'n' number (as text), 'f' formula."""
        self.rows.append(cells)
        return len(self.rows)

    def xml(self):
        out = ['<?xml version="1.0" encoding="UTF-8" standalone="yes"?>',
               '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>']
        for r, cells in enumerate(self.rows, start=1):
            out.append(f'<row r="{r}">')
            for c, cell in enumerate(cells):
                if cell is None:
                    continue
                kind, value = cell
                ref = f"{col(c)}{r}"
                if kind == "s":
                    out.append(f'<c r="{ref}" t="inlineStr"><is><t>{escape(value)}</t></is></c>')
                elif kind == "n":
                    out.append(f'<c r="{ref}"><v>{value}</v></c>')
                else:
                    out.append(f'<c r="{ref}"><f>{escape(value)}</f></c>')
            out.append("</row>")
        out.append("</sheetData></worksheet>")
        return "".join(out)


def main(src, dst, score=None):
    ev = json.load(open(src, encoding="utf-8"))["evaluation"]
    found = {}
    if score:
        found = {i["id"]: i.get("actual") for i in json.load(open(score, encoding="utf-8"))["indicators"]}
    rules = ev["rules"]
    # The places every score, the 执行率 and the total are rounded to (as jixiao does).
    dp = int(rules.get("decimals", 2))
    s = Sheet()
    S = lambda v: ("s", v)
    N = lambda v: ("n", v) if v not in (None, "") else None
    F = lambda v: ("f", v)
    s.add([S("项目支出绩效自评表"), S(ev["header"].get("name", ""))])
    s.add([S("项目资金"), S("年初预算数"), S("全年预算数"), S("全年执行数"), S("分值"), S("执行率"), S("得分")])
    first = len(s.rows) + 2
    srcs = ev["funds"]["sources"]
    total_row = s.add([S("年度资金总额"),
                       F(f"SUM(B{first}:B{first + len(srcs) - 1})"),
                       F(f"SUM(C{first}:C{first + len(srcs) - 1})"),
                       F(f"SUM(D{first}:D{first + len(srcs) - 1})"),
                       N(rules["budget_weight"]),
                       F(f"ROUND(D{first - 1}/C{first - 1}*100,{dp})"),
                       F(f"MIN(E{first - 1},ROUND(E{first - 1}*D{first - 1}/C{first - 1},{dp}))")])
    for src_ in srcs:
        a = src_["amounts"]
        s.add([S("其中：" + src_["name"]), N(a["budget_initial"]), N(a["budget_full"]), N(a["executed"])])
    s.add([S("一级指标"), S("二级指标"), S("三级指标"), S("指标性质"), S("年度指标值"), S("实际完成值"), S("分值"), S("得分"), S("不适用分值")])
    inds = ev["indicators"]
    # Rows first (so the SUM ranges of the level-1/2 rows are known), formulas after.
    start = len(s.rows) + 1
    rownum = {i: start + i for i in range(len(inds))}
    # The range each heading sums: its rows up to the next heading of its level or above.
    ends = {}
    for i, ind in enumerate(inds):
        if ind["level"] < 3:
            j = i + 1
            while j < len(inds) and inds[j]["level"] > ind["level"]:
                j += 1
            ends[i] = j - 1
    level3_rows = []
    for i, ind in enumerate(inds):
        r = rownum[i]
        if ind["level"] < 3:
            last = rownum[ends[i]]
            name = [S(ind["name"]), None, None] if ind["level"] == 1 else [None, S(ind["name"]), None]
            s.add(name + [None, None, None,
                          F(f"SUMIF(C{r + 1}:C{last},\"<>\",G{r + 1}:G{last})") if last > r else None,
                          F(f"SUMIF(C{r + 1}:C{last},\"<>\",H{r + 1}:H{last})") if last > r else None])
            continue
        level3_rows.append(r)
        nature = ind["nature"]
        weight = ind["weight"] or "0"
        # Scores to the rules' places, at most the weight (a weight of 0.009 scores 0.009, not 0.01).
        if ind["actual"] in (None, "") and found.get(ind["id"]) not in (None, ""):
            ind = {**ind, "actual": found[ind["id"]]}
        if not ind["applicable"]:
            score, na = N("0"), N(weight)
        elif ind.get("manual") not in (None, ""):
            m = ind["manual"]
            score, na = N(m["score"] if isinstance(m, dict) else m), N("0")
        elif nature == "定性":  # the evaluator's score inside the band, typed in 实际完成值
            s.add([None, None, S(ind["name"]), S(nature), S(ind.get("band") or ""), N(ind.get("band_score") or "0"), N(weight),
                   F(f"MIN(G{r},ROUND(F{r},{dp}))"), N("0")])
            continue
        elif ind["target"] in (None, "") or ind["actual"] in (None, ""):
            score, na = N("0"), N("0")
        elif nature == "≤":
            if rules.get("reverse_formula") == "目标值÷实际值":
                score = F(f"IF(F{r}<=E{r},G{r},MIN(G{r},ROUND(G{r}*E{r}/F{r},{dp})))")
            else:  # linear fall to 0 at twice the target
                score = F(f"IF(F{r}<=E{r},G{r},MIN(G{r},MAX(0,ROUND(G{r}*(2*E{r}-F{r})/E{r},{dp}))))")
            na = N("0")
        elif nature == "＝":
            score, na = F(f"IF(F{r}=E{r},G{r},MIN(G{r},ROUND(G{r}*MAX(0,1-ABS(F{r}-E{r})/E{r}),{dp})))"), N("0")
        else:  # ≥
            score, na = F(f"IF(F{r}>=E{r},G{r},MIN(G{r},ROUND(G{r}*F{r}/E{r},{dp})))"), N("0")
        s.add([None, None, S(ind["name"]), S(nature), N(ind["target"]), N(ind["actual"]), N(weight), score, na])
    end = len(s.rows)
    g = rules["grades"]
    total = s.add([S("总分"), None, None, None, None, None, N("100"),
                   F(f"ROUND((G{total_row}+SUMIF(C{start}:C{end},\"<>\",H{start}:H{end}))*100/(100-SUM(I{start}:I{end})),{dp})")])
    s.add([S("等级"), None, None, None, None, None, None,
           F(f"IF(H{total}>={g['excellent']},\"优\",IF(H{total}>={g['good']},\"良\",IF(H{total}>={g['pass']},\"中\",\"差\")))")])

    with zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml",
                   '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                   '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                   '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
                   '<Default Extension="xml" ContentType="application/xml"/>'
                   '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
                   '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
                   '</Types>')
        z.writestr("_rels/.rels",
                   '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                   '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                   '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
                   '</Relationships>')
        z.writestr("xl/workbook.xml",
                   '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                   '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
                   'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
                   '<sheets><sheet name="自评表" sheetId="1" r:id="rId1"/></sheets></workbook>')
        z.writestr("xl/_rels/workbook.xml.rels",
                   '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                   '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                   '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
                   '</Relationships>')
        z.writestr("xl/worksheets/sheet1.xml", s.xml())


if __name__ == "__main__":
    if len(sys.argv) not in (3, 4):
        sys.exit("usage: python3 bench/peer_workbook.py DRAFT.jixiao.json OUT.xlsx [SCORE.json]")
    main(*sys.argv[1:])
