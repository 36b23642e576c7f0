"""`python -m assistant ...`: thin subcommands over the library; errors become one line and exit 2."""

from __future__ import annotations

import argparse
import contextlib
import json
import logging
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, TextIO

from assistant.errors import AdvisorError, QuestionError
from assistant.settings import Settings


def _progress(stream: TextIO) -> Any:
    last = {"stage": ""}

    def report(stage: str, done: int, total: int) -> None:
        if not stream.isatty() and stage == last["stage"] and done not in (0, total):
            return  # one line per stage when not on a terminal
        last["stage"] = stage
        end = "\r" if stream.isatty() and done < total else "\n"
        print(f"  {stage}: {done}/{total}", end=end, file=stream, flush=True)

    return report


def _advisor(args: argparse.Namespace, ensure_index: bool = True) -> Any:
    from assistant.advisor import build_advisor

    settings = Settings.from_env(os.environ)
    return build_advisor(settings, progress=_progress(sys.stderr), ensure_index=ensure_index)


def _print_answer(answer: Any, as_json: bool) -> None:
    if as_json:
        print(json.dumps(answer.to_dict(), ensure_ascii=False))
        return
    print(answer.answer)
    items = answer.citations or answer.related
    if items:
        print("\n来源 Sources:" if answer.citations else "\n相关段落 Related passages:")
        for c in items:
            print(f"[{c.n}] 《{c.title}》 {c.section} ({c.doc_id} {c.start}-{c.end})\n    “{c.quote}”")


def cmd_ask(args: argparse.Namespace) -> int:
    if args.batch:
        return _ask_batch(args)
    if args.question is None or not args.question.strip():
        raise QuestionError("the question is empty; usage: python -m assistant ask \"专精特新企业有哪些培育措施？\"")
    advisor = _advisor(args)
    _print_answer(advisor.ask(args.question), args.json)
    return 0


def _ask_batch(args: argparse.Namespace) -> int:
    path = Path(args.batch)
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise QuestionError(f"{path}: cannot read the batch file ({exc}); give a UTF-8 JSONL file") from exc
    advisor = _advisor(args)
    status = 0
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
            question = item["question"] if isinstance(item, dict) else None
            answer = advisor.ask(question, history=item.get("history"))
            _print_answer(answer, True) if args.json else _print_answer(answer, False)
        except (ValueError, KeyError, TypeError) as exc:
            status = 2
            print(json.dumps({"line": number, "error": f"not a JSON object with a question ({exc})"},
                             ensure_ascii=False))
        except AdvisorError as exc:
            status = 2
            print(json.dumps({"line": number, "error": str(exc)}, ensure_ascii=False))
    return status


def cmd_ingest(args: argparse.Namespace) -> int:
    missing = [p for p in args.paths if not Path(p).exists()]
    advisor = _advisor(args)
    report = advisor.ingest([p for p in args.paths if Path(p).exists()], progress=_progress(sys.stderr))
    for path in missing:
        report.failed.append((path, "no such file or folder; check the path"))
    print(f"added {len(report.added)}, updated {len(report.updated)}, unchanged {len(report.unchanged)}, "
          f"failed {len(report.failed)}; embedded {report.chunks_embedded} chunks, "
          f"{report.sentences_embedded} sentences")
    for name, note in report.notes:
        print(f"note: {name}: {note}", file=sys.stderr)
    for name, reason in report.failed:
        print(f"error: {name}: {reason}", file=sys.stderr)
    return 0 if report.ok else 1


def cmd_sources(args: argparse.Namespace) -> int:
    advisor = _advisor(args, ensure_index=args.action != "list")  # listing reads, it never repairs
    if args.action == "list" and advisor.index.stale:
        print(f"note: {len(advisor.index.stale)} document(s) are not fully indexed and not listed "
              f"({', '.join(advisor.index.stale[:5])}); `python -m assistant ask` or `ingest` completes them",
              file=sys.stderr)
    if args.action == "remove":
        advisor.remove(args.doc_id)
        print(f"removed {args.doc_id}")
        return 0
    docs = advisor.documents()
    if args.json:
        print(json.dumps([d.to_dict() for d in docs], ensure_ascii=False, indent=2))
    else:
        for d in docs:
            facts = "  ".join(x for x in (d.doc_number, d.place, d.issued, d.status) if x)
            flag = f"\tcontains {d.instructions} instruction-like sentences (not used)" if d.instructions else ""
            print(f"{d.doc_id}\t{d.chunks} chunks\t{d.title}\t{facts}{flag}")
    return 0


def cmd_match(args: argparse.Namespace) -> int:
    from assistant.errors import ProfileError
    from assistant.programs.profile import extract_profile

    if args.describe is not None:
        with contextlib.redirect_stdout(sys.stderr):
            profile = extract_profile(args.describe)
    else:
        path = Path(args.profile)
        try:
            profile = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, ValueError) as exc:
            raise ProfileError(f"{path}: cannot read a JSON profile ({exc}); see README for the fields") from exc
    with contextlib.redirect_stdout(sys.stderr):  # jionlp prints a banner on import; stdout stays JSON
        advisor = _advisor(args)
        if args.describe is not None:
            answer = advisor.match_answer(profile, args.language)
        else:
            matches = advisor.match_programs(profile, args.language)
    if args.describe is not None:
        if args.json:
            print(json.dumps(answer.to_dict(), ensure_ascii=False, indent=2))
        else:
            print(answer.answer)
        return 0
    if args.json:
        print(json.dumps([m.to_dict() for m in matches], ensure_ascii=False, indent=2))
        return 0
    for m in matches:
        gives = f"  gives: {'; '.join(m.gives)}" if m.gives else ""
        print(f"[{m.fit}] {m.name}  ({m.program_id}){gives}  {m.jurisdiction}")
        for label, items in (("met", m.met), ("missing", m.missing), ("unknown", m.unknown)):
            for c in items:
                numbers = f"  (needs {c.expected}; yours: {c.actual})" if c.expected else ""
                print(f"    {label}: {c.condition} [{c.citation}]{numbers}")
        for c in m.citations:
            print(f"    [{c.n}] “{c.quote}” ({c.doc_id} {c.article} {c.start}-{c.end})")
        if m.not_stated:
            print(f"    not stated: {', '.join(m.not_stated)}")
    return 0


def cmd_measures(args: argparse.Namespace) -> int:
    from assistant.programs.clauses import fact_key
    from assistant.programs.fit import show_value
    from assistant.programs.measures import describe_give

    with contextlib.redirect_stdout(sys.stderr):
        measures = _advisor(args).measures(args.doc)
    if args.json:
        print(json.dumps([m.to_dict() for m in measures], ensure_ascii=False, indent=2))
        return 0
    for m in measures:
        gives = "；".join(describe_give(g) for g in m.gives)
        print(f"{m.measure_id}\t{m.article or '-'}\t{m.name}\t给予：{gives}\t{m.jurisdiction or '地域不详'}")
        for c in m.conditions:
            parsed = f"{fact_key(c.fact)} {c.op} {show_value(c.value, c.unit)}" if c.kind == "threshold" else (
                f"{'/'.join(c.levels)} {c.fact}{' (新)' if c.new else ''}" if c.kind in ("tier", "qualification")
                else "需人工核对")
            print(f"    [{c.kind}] {c.text}  →  {parsed}")
    print(f"{len(measures)} measures from {len({m.doc_id for m in measures})} documents", file=sys.stderr)
    return 0


def cmd_eval(args: argparse.Namespace) -> int:
    if args.measures:
        from assistant.evaluation.measures_eval import evaluate_split, format_scores

        scores = [evaluate_split(s.strip()) for s in args.split.split(",") if s.strip()]
        if args.json:
            print(json.dumps([s.to_dict() for s in scores], ensure_ascii=False, indent=2))
        else:
            print(format_scores(scores, verbose=args.verbose))
        return 0
    if args.corpus:
        from assistant.evaluation.corpus import DEFAULT_QUESTIONS_FILE, run

        questions = Path(args.questions) if args.questions else Path(args.corpus).parent / DEFAULT_QUESTIONS_FILE
        splits = tuple(s.strip() for s in args.split.split(",") if s.strip())
        return run(Path(args.corpus), questions, as_json=args.json, splits=splits)
    from assistant.evaluation.evaluate import main as eval_main

    return eval_main(args)


def cmd_fit_selector(args: argparse.Namespace) -> int:
    from assistant.evaluation.fit_selector import run

    corpus = Path(args.corpus)
    questions = Path(args.questions) if args.questions else corpus.parent / "questions.jsonl"
    return run(corpus, questions, tuple(s.strip() for s in args.split.split(",") if s.strip()),
               write=not args.dry_run)


def cmd_bench(args: argparse.Namespace) -> int:
    from assistant.evaluation.bench import main as bench_main

    return bench_main(args)


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="python -m assistant", description="Offline cited SME policy advisor")
    sub = top.add_subparsers(dest="command", required=True)
    ask = sub.add_parser("ask", help="answer a question with citations")
    ask.add_argument("question", nargs="?")
    ask.add_argument("--json", action="store_true")
    ask.add_argument("--batch", metavar="FILE.jsonl")
    ask.set_defaults(func=cmd_ask)
    ingest = sub.add_parser("ingest", help="add or update documents (PDF, DOCX, TXT, MD, HTML)")
    ingest.add_argument("paths", nargs="+")
    ingest.set_defaults(func=cmd_ingest)
    sources = sub.add_parser("sources", help="list or remove documents")
    sources_sub = sources.add_subparsers(dest="action", required=True)
    listing = sources_sub.add_parser("list")
    listing.add_argument("--json", action="store_true")
    remove = sources_sub.add_parser("remove")
    remove.add_argument("doc_id")
    sources.set_defaults(func=cmd_sources)
    match = sub.add_parser("match", help="which support programs fit an enterprise profile")
    given = match.add_mutually_exclusive_group(required=True)
    given.add_argument("--profile", metavar="profile.json")
    given.add_argument("--describe", metavar="TEXT", help="a plain description of the company")
    match.add_argument("--json", action="store_true")
    match.add_argument("--language", choices=("zh", "en"), default="zh")
    match.set_defaults(func=cmd_match)
    measures = sub.add_parser("measures", help="granting clauses read from each document, for review")
    measures_sub = measures.add_subparsers(dest="action", required=True)
    measures_list = measures_sub.add_parser("list")
    measures_list.add_argument("--doc", metavar="DOC_ID", default=None)
    measures_list.add_argument("--json", action="store_true")
    measures.set_defaults(func=cmd_measures)
    evaluate = sub.add_parser("eval", help="retrieval and answer quality on a question set")
    evaluate.add_argument("--questions", default=None, help="JSONL with question and evidence")
    evaluate.add_argument("--modes", default=None,
                          help="comma list of hybrid,bm25,dense (default: hybrid; all three with --report)")
    evaluate.add_argument("--json", action="store_true")
    evaluate.add_argument("--followups", nargs="?", const="", default=None, metavar="FILE",
                          help="follow-up detection accuracy per split (default tests/golden/followups.jsonl)")
    evaluate.add_argument("--report", metavar="DIR", help="write a Markdown report with PNG charts to DIR")
    evaluate.add_argument("--corpus", metavar="DIR", help="evaluate over the default documents plus every file in "
                          "DIR (questions default to DIR/../questions.jsonl), e.g. tests/corpus/docs")
    evaluate.add_argument("--split", default="dev,test", help="which splits of a corpus question set to run")
    evaluate.add_argument("--measures", action="store_true", help="measure extraction, condition parsing and fits "
                          "precision/recall against tests/programs/measures_gold.jsonl, per split")
    evaluate.add_argument("--verbose", action="store_true", help="with --measures: list every error")
    evaluate.set_defaults(func=cmd_eval)
    fit = sub.add_parser("fit-selector", help="fit the sentence classifier (ADVISOR_SELECTOR=classifier) on dev "
                         "questions with cross-validation, and write assistant/answering/selector.json")
    fit.add_argument("--corpus", metavar="DIR", default="tests/corpus/docs")
    fit.add_argument("--questions", default=None, help="default DIR/../questions.jsonl")
    fit.add_argument("--split", default="dev", help="which splits to fit on (never the test split)")
    fit.add_argument("--dry-run", action="store_true", help="print the cross-validated figures, write nothing")
    fit.set_defaults(func=cmd_fit_selector)
    bench = sub.add_parser("bench", help="index build time, start-up, latency p50/p95, peak RSS")
    bench.add_argument("--questions", default=None)
    bench.add_argument("--repeat", type=int, default=3)
    bench.add_argument("--scale", metavar="N[,N...]", help="synthetic corpus sizes, e.g. 1000,10000,100000")
    bench.add_argument("--corpus", metavar="DIR", help="ingest time of a folder of documents, then latency over it")
    bench.add_argument("--json", action="store_true")
    bench.set_defaults(func=cmd_bench)
    return top


def main(argv: Sequence[str] | None = None) -> int:
    logging.basicConfig(level=os.environ.get("ADVISOR_LOG_LEVEL", "WARNING"), format="%(levelname)s %(message)s")
    from assistant.llm_config import install_secret_filter

    install_secret_filter(*(os.environ.get(n, "") for n in ("OPENAI_API_KEY", "ADVISOR_ADMIN_TOKEN",
                                                            "ADVISOR_REVIEW_TOKEN")))
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    args = parser().parse_args(argv)
    try:
        return int(args.func(args))
    except QuestionError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except AdvisorError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("interrupted; the index stays consistent and the next run completes it", file=sys.stderr)
        return 130
