"""Commands that add a plan: add-plan, accept, sections."""

from __future__ import annotations

import argparse
from pathlib import Path

from newinfra.cli.common import add_format, print_table, read_user_text
from newinfra.core.exits import Exit


def register(sub) -> None:
    add = sub.add_parser(
        "add-plan",
        help="add a plan's text with suggested annotations to review",
        description=(
            "Copy TEXT into seeds/, write its manifest row (with sha256), its plans row and, for a "
            "new place, its jurisdictions row; read its structure (the default section rules of "
            "its language) and suggest a row of data/annotations.csv or data/exclusions.csv for "
            "every quantity (metric, kind, horizon year, basis, commitment, domain, a draft "
            "English gloss for Chinese text; a new metric where the catalogue has none), and "
            "task and crosswalk rows from its headings. Every suggested row is marked "
            "review=pending: it stays out of ni.targets() and the audit lists it until "
            "`newinfra accept PLAN_ID`. Nothing is written unless every file loads, and the files "
            "are written as one step: a run stopped part way is finished or dropped by the next "
            "command. One add-plan or accept runs at a time; another waits up to 30 s, then "
            "exits with status 75."
        ),
    )
    add.add_argument("text", help="the plan's text, UTF-8")
    add.add_argument(
        "--plan-id",
        required=True,
        help="new plan id, e.g. lanxi-2024-2027 (lower-case letters, digits, - . _; at most 60)",
    )
    add.add_argument("--jurisdiction", required=True, help="place id, e.g. shanghai")
    add.add_argument("--jurisdiction-name", default="", help="name of a new place")
    add.add_argument("--level", default="", help="level of a new place: city, district...")
    add.add_argument("--parent", default="", help="the place a new place belongs to")
    add.add_argument("--period", required=True, help="plan period, e.g. 2024-2027")
    add.add_argument("--language", required=True, help="en, zh-Hans or zh-Hant")
    add.add_argument("--doc-type", default="plan_text", help="plan_text (default), translation...")
    add.add_argument("--published", required=True, help="publication date, YYYY-MM-DD")
    add.add_argument("--title-en", required=True, help="English title")
    add.add_argument("--title-zh", default="", help="Chinese title")
    add.add_argument("--publisher", default="", help="who published the text")
    add.add_argument("--url", default="", help="address of the original (http:// or https://)")
    add.add_argument("--source-id", default="", help="source id (default: PLAN_ID-en or -zh)")
    add.add_argument("--name-zh", default="", help="Chinese name of a new place, e.g. 澜溪区")
    add.add_argument(
        "--doc-number", default="", help="the document's number, e.g. 沪府办发〔2024〕5号"
    )
    add.add_argument(
        "--same-text-as",
        default="",
        metavar="SOURCE_ID",
        help="the text is already in the corpus as SOURCE_ID, and another plan row for it is meant",
    )
    add.set_defaults(handler=cmd_add_plan)

    accept = sub.add_parser(
        "accept",
        help="mark a plan's suggested rows as reviewed",
        description=(
            "Clear review=pending on every row of the plan in data/annotations.csv, "
            "exclusions.csv, tasks.csv, crosswalk.csv and the new metrics it uses: your word that "
            "you read them. Refuses (exit 2) while a row from Chinese text has no gloss_en. Every "
            "file or none is changed; exits 75 if another add-plan or accept keeps the project "
            "lock over 30 s."
        ),
    )
    accept.add_argument("plan_id", help="the plan, e.g. lanxi-2024-2027")
    accept.set_defaults(handler=cmd_accept)

    sections = sub.add_parser(
        "sections",
        help="print every section reference of a source with its heading",
        description=(
            "Print every section of a seed: ref (as tasks.csv and crosswalk.csv cite it), kind, "
            "heading, path, start and end offsets."
        ),
    )
    sections.add_argument("source_id", help="a source id of seeds/manifest.csv")
    add_format(sections)
    sections.set_defaults(handler=cmd_sections)


def cmd_add_plan(args: argparse.Namespace) -> int:
    from newinfra.curate.addplan import add_plan
    from newinfra.curate.new_plan import NewPlan

    read_user_text(args.text)  # one-line errors for a missing, binary or non-UTF-8 file
    plan = NewPlan(
        text=args.text,
        plan_id=args.plan_id,
        jurisdiction=args.jurisdiction,
        period=args.period,
        language=args.language,
        published=args.published,
        title_en=args.title_en,
        doc_type=args.doc_type,
        title_zh=args.title_zh,
        publisher=args.publisher,
        url=args.url,
        source_id=args.source_id,
        jurisdiction_name=args.jurisdiction_name,
        level=args.level,
        parent=args.parent,
        name_zh=args.name_zh,
        doc_number=args.doc_number,
        same_text_as=args.same_text_as,
    )
    counts = add_plan(plan, Path(args.text).read_bytes())
    for name, count in counts.items():
        print(f"{name}: {count} row(s) added")
    print(
        f"Review the rows marked pending (newinfra audit lists them), then "
        f"`newinfra accept {args.plan_id}`."
    )
    return Exit.OK


def cmd_accept(args: argparse.Namespace) -> int:
    from newinfra.curate.review import accept

    counts = accept(args.plan_id)
    for name, count in counts.items():
        print(f"{name}: {count} row(s) accepted")
    return Exit.OK


def cmd_sections(args: argparse.Namespace) -> int:
    from newinfra.inputs import corpus
    from newinfra.inputs.section_rules import document_sections

    record = corpus.source_record(args.source_id)
    text = corpus.source_text(args.source_id)
    table = document_sections(args.source_id, text, record["language"])
    table = table.rename(columns={"label": "heading"})
    print_table(table[["ref", "kind", "heading", "path", "start", "end"]], args.format)
    return Exit.OK
