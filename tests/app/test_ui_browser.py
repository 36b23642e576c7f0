"""End to end in headless Chromium against a real `python app.py` started by the tests.

Tests run in file order over one app process (its first start builds the seed index); the last test restarts it
on the same data without an admin token. Screenshots of every step go to test-artifacts/ui/."""

from __future__ import annotations

import csv
import io
import json
import shutil
import statistics
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import docx
import pytest

try:
    from test_ui_api import RunningApp, start_app
except ImportError:  # tests/ imported as a package
    from tests.app.test_ui_api import RunningApp, start_app

from assistant.app.render import TEXT

pytestmark = [pytest.mark.browser, pytest.mark.slow]

ROOT = Path(__file__).resolve().parents[2]
SHOTS = ROOT / "test-artifacts" / "ui"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
INSTALL = "apt-get update && apt-get install -y chromium fonts-noto-cjk"
TOKEN = "browser-test-token"
DOCX_SENTENCE = "入驻蓝鲸科技园区的小微企业，首年可获得每平方米三十元的租金补贴。"
PAYLOAD = '<script>window.__pwned=1</script> 与 <img src=x onerror="window.__pwned=1">'
TIMINGS: dict[str, Any] = {}


def shot(page: Any, name: str, full_page: bool = False) -> Path:
    SHOTS.mkdir(parents=True, exist_ok=True)
    path = SHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=full_page)
    return path


# -- fixtures ---------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def chromium() -> str:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium is missing at {CHROMIUM}; the browser tests need it. Run: {INSTALL}")
    fonts = subprocess.run(["fc-list", ":lang=zh"], capture_output=True, text=True, check=False).stdout
    if not fonts.strip():
        pytest.fail(f"No Chinese font is installed, so Chinese would not render. Run: {INSTALL}")
    return CHROMIUM


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("ui-browser")


@pytest.fixture(scope="module")
def apps(workdir: Path, chromium: str) -> Iterator[dict[str, RunningApp]]:
    """{"app": the running app}; the restart test swaps in a new process on the same data."""
    started = time.monotonic()
    holder = {"app": start_app(workdir, workdir / "data", token=TOKEN)}
    TIMINGS["first_start_http_s"] = round(time.monotonic() - started, 2)
    yield holder
    holder["app"].stop()
    SHOTS.mkdir(parents=True, exist_ok=True)
    (SHOTS / "timings.json").write_text(json.dumps(TIMINGS, indent=2), encoding="utf-8")


@pytest.fixture(scope="module")
def browser(chromium: str) -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture()
def page(browser: Any, apps: dict[str, RunningApp]) -> Iterator[Any]:
    """A fresh page on the app; fails the test if anything was fetched from outside localhost."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
    new_page = context.new_page()
    outside: list[str] = []
    errors: list[str] = []
    new_page.on("request", lambda r: outside.append(r.url) if not r.url.startswith(("http://127.0.0.1:", "data:",
                                                                                     "blob:")) else None)
    new_page.on("pageerror", lambda exc: errors.append(str(exc)))
    new_page.goto(apps["app"].url)
    yield new_page
    context.close()
    assert outside == [], f"the page fetched from outside localhost: {outside}"
    assert errors == [], f"JavaScript errors on the page: {errors}"


def wait_ready(page: Any, timeout_ms: int = 180_000) -> None:
    page.wait_for_selector('#status [data-state="ready"]', timeout=timeout_ms)


def ask(page: Any, question: str) -> tuple[Any, float]:
    """Type a question, press the button; the new turn and the seconds until it was on screen."""
    n = page.locator("#conversation .adv-turn").count()
    page.locator("#question textarea").fill(question)
    started = time.perf_counter()
    page.click("#ask")
    page.wait_for_selector(f"#turn-{n}", timeout=30_000)
    return page.locator(f"#turn-{n}"), time.perf_counter() - started


def tab(page: Any, name: str) -> None:
    page.get_by_role("tab", name=name).click()


# -- tests, in order --------------------------------------------------------------------------------
def test_first_start_shows_index_progress_then_ready(page: Any) -> None:
    status = page.locator("#status .adv-status")
    status.wait_for()
    assert status.get_attribute("data-state") == "loading", "the first start should still be building the index"
    assert TEXT["zh"]["loading"] in status.inner_text()
    page.wait_for_function("document.querySelector('#status progress') !== null"
                           " || document.querySelector('#status [data-state=ready]') !== null", timeout=120_000)
    shot(page, "01-first-start-building-index")
    wait_ready(page)
    assert "1 份文件" in page.locator("#status").inner_text()
    shot(page, "02-ready")


def test_chinese_question_gets_a_cited_answer_quickly(page: Any) -> None:
    wait_ready(page)
    seconds = []
    turn, took = ask(page, "宁波的企业梯队是怎样的？")
    seconds.append(took)
    assert turn.get_attribute("data-answerable") == "true"
    assert turn.locator(".adv-marker").count() >= 1 and turn.locator(".adv-card").count() >= 1
    card = turn.locator(".adv-card").first
    assert "建设一流创新生态" in card.inner_text() and TEXT["zh"]["score"] in card.inner_text()
    assert "企业梯队" in turn.inner_text()
    shot(page, "03-cited-answer")
    for question in ("如何提升企业知识产权创造水平？", "宁波如何推动人工智能赋能企业？"):
        seconds.append(ask(page, question)[1])
    TIMINGS["answer_on_screen_s"] = [round(s, 3) for s in seconds]
    # a sanity bound, not the target: speed targets live in `python -m assistant bench` (the timings
    # measured here are printed with the test run)
    assert statistics.median(seconds) < 5.0, f"answers took {seconds} s to appear"


def test_clicking_a_citation_opens_the_source_with_the_quote_highlighted(page: Any) -> None:
    wait_ready(page)
    turn, _ = ask(page, "宁波的企业梯队是怎样的？")
    quote = turn.locator("#card-0-citations-2 .adv-card-quote").inner_text().strip("“”")
    page.click("#marker-0-2")
    mark = page.locator("#doc-panel mark.adv-quote")
    mark.wait_for()
    assert mark.inner_text() == quote
    text = page.locator("#doc-panel .adv-doc-text").inner_text()
    assert len(text) > len(quote) * 3 and quote in text  # the quote is shown in its context
    page.wait_for_timeout(300)
    assert mark.is_visible()
    box = page.locator("#doc-panel .adv-doc-text").bounding_box()
    mark_box = mark.bounding_box()
    assert box and mark_box and box["y"] <= mark_box["y"] <= box["y"] + box["height"], "quote scrolled into view"
    shot(page, "04-citation-highlighted")
    # a card works too, also from the keyboard
    page.locator("#card-0-citations-1").focus()
    page.keyboard.press("Enter")
    page.wait_for_function("document.querySelector('#doc-panel .adv-doc-head')?.innerText.startsWith('[1]')")
    assert mark.inner_text() == turn.locator("#card-0-citations-1 .adv-card-quote").inner_text().strip("“”")


def test_unanswerable_question_looks_different_and_lists_related(page: Any) -> None:
    wait_ready(page)
    turn, _ = ask(page, "深圳有什么专精特新补贴？")
    assert turn.get_attribute("data-answerable") == "false"
    badge = turn.locator(".adv-badge")
    assert badge.inner_text() == TEXT["zh"]["not_stated"] and badge.is_visible()
    assert turn.locator(".adv-marker").count() == 0
    assert turn.locator('.adv-card[data-kind="related"]').count() >= 1
    assert TEXT["zh"]["related"] in turn.inner_text()
    colour = turn.locator(".adv-a").evaluate("node => getComputedStyle(node).borderLeftColor")
    answered, _ = ask(page, "宁波的企业梯队是怎样的？")
    assert colour != answered.locator(".adv-a").evaluate("node => getComputedStyle(node).borderLeftColor")
    turn.scroll_into_view_if_needed()
    shot(page, "05-not-stated")


def test_follow_up_uses_the_conversation(page: Any) -> None:
    wait_ready(page)
    ask(page, "如何提升企业知识产权创造水平？")
    follow, _ = ask(page, "那人工智能呢？")
    assert follow.get_attribute("data-answerable") == "true"
    assert "人工智能" in follow.inner_text() or "AI" in follow.inner_text()
    shot(page, "06-follow-up")


def test_empty_question_shows_the_engines_message_not_a_stack_trace(page: Any) -> None:
    wait_ready(page)
    page.locator("#question textarea").fill("   ")
    page.click("#ask")
    toast = page.locator(".toast-wrap", has_text="问题为空")  # in the page's language (中文 by default)
    toast.wait_for(timeout=10_000)
    assert "Traceback" not in toast.inner_text()
    assert page.locator("#conversation .adv-turn").count() == 0
    page.wait_for_timeout(600)  # the toast fades in
    shot(page, "06b-empty-question-warning")


def test_starter_questions_and_new_conversation(page: Any) -> None:
    wait_ready(page)
    starters = page.locator("#conversation .adv-starter")
    assert starters.count() == 3
    shot(page, "07-starters")
    question = starters.first.inner_text()
    starters.first.click()
    page.wait_for_selector("#turn-0")
    assert question in page.locator("#turn-0 .adv-q").inner_text()
    page.click("#clear")
    page.wait_for_selector("#conversation .adv-starter")
    assert page.locator("#conversation .adv-turn").count() == 0


def test_language_switch(page: Any) -> None:
    wait_ready(page)
    page.get_by_text("English", exact=True).click()
    page.get_by_role("tab", name="Knowledge base").wait_for()
    assert page.locator("#question textarea").get_attribute("placeholder") == TEXT["en"]["placeholder"]
    turn, _ = ask(page, "Is there a Shenzhen subsidy for specialised SMEs?")
    assert turn.get_attribute("data-answerable") == "false"
    assert turn.locator(".adv-badge").inner_text() == TEXT["en"]["not_stated"]
    english, _ = ask(page, "How can small companies get access to large AI models?")
    assert english.get_attribute("data-answerable") == "true" and english.locator(".adv-card").count() >= 1
    shot(page, "08-english")
    page.get_by_text("中文", exact=True).click()
    page.get_by_role("tab", name="知识库").wait_for()
    assert TEXT["zh"]["not_stated"] in page.locator("#turn-0").inner_text()


def _upload(page: Any, files: list[Path], token: str) -> None:
    tab(page, "知识库")
    page.locator("#admin-token input").fill(token)
    page.set_input_files("#kb-files input[type=file]", [str(f) for f in files])
    for stem in (f.stem for f in files):  # wait until the browser has uploaded each file
        page.locator("#kb-files", has_text=stem).wait_for(timeout=30_000)
    page.click("#kb-upload")


def test_upload_docx_with_the_admin_token_then_get_a_cited_answer(page: Any, workdir: Path,
                                                                   apps: dict[str, RunningApp]) -> None:
    wait_ready(page)
    document = docx.Document()
    document.add_heading("蓝鲸科技园区扶持办法", 1)
    document.add_paragraph("第一条 " + DOCX_SENTENCE)
    document.add_paragraph("第二条 企业申请补贴应当向园区管委会提交营业执照复印件。")
    upload = workdir / "uploads"
    upload.mkdir(exist_ok=True)
    document.save(str(upload / "lanjing-park.docx"))
    (upload / "broken.pdf").write_bytes(b"this is not a pdf")

    _upload(page, [upload / "lanjing-park.docx"], "wrong-token")
    page.wait_for_selector("#kb-status .adv-warn")
    assert TEXT["zh"]["bad_token"] in page.locator("#kb-status").inner_text()
    assert "lanjing-park" not in page.locator("#kb-docs").inner_text()
    shot(page, "09-wrong-token-refused")

    page.reload()
    wait_ready(page)
    _upload(page, [upload / "lanjing-park.docx", upload / "broken.pdf"], TOKEN)
    report = page.locator("#kb-report")
    report.wait_for(timeout=120_000)
    assert "lanjing-park" in report.inner_text()
    failed = report.locator(".adv-warn")
    assert "broken.pdf" in failed.inner_text() and len(failed.inner_text()) > len("broken.pdf") + 10  # a reason
    row = page.locator('#doc-table tr[data-doc="lanjing-park"]')
    row.wait_for()
    assert int(row.locator("td").nth(1).inner_text()) >= 1 and row.locator("td").nth(2).inner_text().strip()
    shot(page, "10-upload-report", full_page=True)

    tab(page, "咨询")
    turn, _ = ask(page, "蓝鲸科技园区的小微企业有什么租金补贴？")
    assert turn.get_attribute("data-answerable") == "true"
    card = turn.locator(".adv-card", has_text="lanjing-park.docx").first
    assert DOCX_SENTENCE in card.inner_text()
    card.click()
    page.wait_for_function("document.querySelector('#doc-panel mark.adv-quote') !== null")
    assert DOCX_SENTENCE in page.locator("#doc-panel mark.adv-quote").inner_text()
    shot(page, "11-answer-from-uploaded-docx")


def test_document_with_script_tags_renders_inert(page: Any, workdir: Path) -> None:
    wait_ready(page)
    upload = workdir / "uploads"
    upload.mkdir(exist_ok=True)
    (upload / "qilin-test.txt").write_text(f"麒麟测试办法\n\n麒麟测试办法规定：{PAYLOAD} 都只是文本。\n",
                                           encoding="utf-8")
    (upload / "qilin-page.html").write_text(
        "<html><head><title>麒麟网页</title><script>window.__pwned=1</script></head><body>"
        "<p>麒麟网页办法写明：&lt;script&gt;window.__pwned=1&lt;/script&gt; 与 "
        "&lt;img src=x onerror=\"window.__pwned=1\"&gt; 必须显示为文本。</p>"
        "<img src=x onerror=\"window.__pwned=1\"></body></html>", encoding="utf-8")
    _upload(page, [upload / "qilin-test.txt", upload / "qilin-page.html"], TOKEN)
    page.locator("#kb-report").wait_for(timeout=120_000)
    assert "qilin-test" in page.locator("#kb-report").inner_text()
    tab(page, "咨询")
    for n, question in enumerate(["麒麟测试办法规定了什么？", "麒麟网页办法写明了什么？"]):
        turn, _ = ask(page, question)
        card = turn.locator(".adv-card", has_text="window.__pwned").first
        assert "<script>window.__pwned=1</script>" in card.inner_text()
        card.click()
        page.wait_for_function(f"document.querySelector('#doc-panel .adv-doc-head')?.innerText.includes('"
                               f"{'qilin-test' if n == 0 else 'qilin-page'}')")
        panel = page.locator("#doc-panel")
        assert "<script>window.__pwned=1</script>" in panel.inner_text()
        assert 'onerror="window.__pwned=1"' in panel.inner_text()
        assert page.locator("#doc-panel script, #doc-panel img, #conversation script, #conversation img").count() == 0
        page.wait_for_timeout(500)
        assert page.evaluate("typeof window.__pwned") == "undefined"
        shot(page, f"12-script-inert-{'txt' if n == 0 else 'html'}")
    turn, _ = ask(page, f"{PAYLOAD} 麒麟测试办法规定了什么？")  # a hostile question, shown in chat and review
    assert "<script>window.__pwned=1</script>" in turn.locator(".adv-q").inner_text()
    tab(page, "评审")
    page.locator("#review-token input").fill(TOKEN)  # the admin token unlocks the review tab
    page.click("#review-refresh")
    page.locator("#review-trace input").click()
    page.locator("ul[role=listbox] li", has_text="<script>").first.click()
    page.wait_for_selector("#trace-detail")
    assert "<script>window.__pwned=1</script>" in page.locator("#trace-detail").inner_text()
    assert page.locator("#review-detail script, #review-detail img").count() == 0
    page.wait_for_timeout(500)
    assert page.evaluate("typeof window.__pwned") == "undefined"
    shot(page, "12-script-inert-review")


def test_memo_downloads_open_cleanly(page: Any, workdir: Path) -> None:
    wait_ready(page)
    cited, _ = ask(page, "宁波的企业梯队是怎样的？")
    quote = cited.locator("#card-0-citations-1 .adv-card-quote").inner_text().strip("“”")
    ask(page, "深圳有什么专精特新补贴？")
    tab(page, "指导备忘录")
    page.click("#memo-draft")
    preview = page.locator("#memo-preview")
    page.wait_for_function("document.querySelector('#memo-preview')?.innerText.includes('政策咨询备忘录')")
    assert "宁波的企业梯队是怎样的？" in preview.inner_text() and quote in preview.inner_text()
    shot(page, "13-memo-preview")
    saved = {}
    for kind in ("docx", "md"):
        button = page.locator(f"#memo-{kind}")
        page.wait_for_function(f"!document.querySelector('#memo-{kind} button, button#memo-{kind}').disabled")
        with page.expect_download() as download:
            button.click()
        saved[kind] = workdir / download.value.suggested_filename
        download.value.save_as(str(saved[kind]))
    assert saved["docx"].suffix == ".docx" and saved["md"].suffix == ".md"
    text = "\n".join(p.text for p in docx.Document(str(saved["docx"])).paragraphs)
    for expected in ("政策咨询备忘录", "宁波的企业梯队是怎样的？", "深圳有什么专精特新补贴？", quote, "来源", "[1]",
                     "文件中未说明"):
        assert expected in text
    markdown = saved["md"].read_text(encoding="utf-8")
    assert markdown.startswith("# 政策咨询备忘录") and "## 来源" in markdown


def test_program_match_tab_shows_cited_fits_and_goes_into_the_memo(page: Any) -> None:
    wait_ready(page)
    tab(page, "企业画像匹配 · Program match")
    page.locator("#m-industry textarea, #m-industry input").first.fill("汽车零部件")
    page.locator("#m-employees textarea, #m-employees input").first.fill("30")
    page.locator("#m-patents textarea, #m-patents input").first.fill("0")
    page.locator("#m-exports label", has_text="是 yes").click()
    page.click("#m-match")
    page.wait_for_selector("#match-results", timeout=30_000)
    results = page.locator("#match-results")
    for program in ("overseas-ip-protection", "patent-diagnosis"):
        card = results.locator(f'.adv-match[data-program="{program}"]')
        assert card.get_attribute("data-fit") == "fits"
        assert "“" in card.inner_text()  # each condition's source is quoted
    assert results.locator('.adv-match[data-program="incubators-accelerators"]').get_attribute("data-fit") == "may fit"
    assert results.locator('.adv-match[data-program="patent-second-development"]').get_attribute(
        "data-fit") == "does not fit"
    assert "年营业收入" not in results.locator("p.adv-meta").first.inner_text(), "a blank number stays unknown"
    shot(page, "13b-program-match")
    tab(page, "指导备忘录")
    page.click("#memo-draft")
    page.wait_for_function("document.querySelector('#memo-preview')?.innerText.includes('海外知识产权协同保护与维权')")
    assert "企业情况" in page.locator("#memo-preview").inner_text()


def test_review_saves_next_to_the_trace_and_exports(page: Any, workdir: Path, apps: dict[str, RunningApp]) -> None:
    wait_ready(page)
    ask(page, "如何提升企业知识产权创造水平？")
    tab(page, "评审")
    page.locator("#review-token input").fill(TOKEN)  # the admin token unlocks the review tab
    page.click("#review-refresh")
    page.locator("#review-trace input").click()
    page.locator("ul[role=listbox] li", has_text="如何提升企业知识产权创造水平？").first.click()
    page.wait_for_selector("#trace-detail")
    detail = page.locator("#trace-detail")
    trace_id = detail.get_attribute("data-trace")
    assert TEXT["zh"]["retrieved"] in detail.inner_text() and "ningbo-innovation-ecosystem" in detail.inner_text()
    page.get_by_text(TEXT["zh"]["down"], exact=True).click()
    page.locator("#review-unsupported input").check()
    page.locator("#review-which input").click()
    page.locator("ul[role=listbox] li", has_text="1").first.click()
    page.locator("#review-comment textarea").fill("引文[1]与结论无关")
    page.click("#review-save")
    page.wait_for_selector("#review-saved")
    page.wait_for_function("document.querySelector('#trace-detail')?.innerText.includes('引文[1]与结论无关')")
    shot(page, "14-review-saved", full_page=True)
    lines = (apps["app"].data_dir / "reviews.jsonl").read_text(encoding="utf-8").splitlines()
    saved = json.loads(lines[-1])
    assert saved["trace_id"] == trace_id and saved["verdict"] == "down" and saved["unsupported"] is True
    assert saved["citation"] == 1 and saved["comment"] == "引文[1]与结论无关"

    page.click("#review-export")
    files = {}
    for kind in ("jsonl", "csv"):
        page.wait_for_function(f"!document.querySelector('#export-{kind} button, button#export-{kind}').disabled")
        with page.expect_download() as download:
            page.click(f"#export-{kind}")
        files[kind] = workdir / download.value.suggested_filename
        download.value.save_as(str(files[kind]))
    records = [json.loads(line) for line in files["jsonl"].read_text(encoding="utf-8").splitlines()]
    mine = next(r for r in records if r.get("trace_id") == trace_id)
    assert mine["reviews"][-1]["comment"] == "引文[1]与结论无关" and mine["retrieved"]
    rows = list(csv.DictReader(io.StringIO(files["csv"].read_text(encoding="utf-8-sig"))))
    assert any(r["trace_id"] == trace_id and r["verdict"] == "down" for r in rows)


def test_remove_and_reindex_with_the_token(page: Any) -> None:
    wait_ready(page)
    tab(page, "知识库")
    page.wait_for_selector('#doc-table tr[data-doc="lanjing-park"]')
    page.locator("#admin-token input").fill(TOKEN)
    page.locator("#kb-remove-pick input").click()
    page.locator("ul[role=listbox] li", has_text="lanjing-park").first.click()
    page.click("#kb-remove")
    page.wait_for_function("!document.querySelector('#doc-table')?.innerText.includes('lanjing-park')")
    assert "lanjing-park" in page.locator("#kb-status").inner_text()
    page.click("#kb-reindex")
    page.wait_for_function("document.querySelector('#kb-status')?.innerText.includes('索引已检查并修复')")
    shot(page, "15-removed-and-reindexed", full_page=True)
    tab(page, "咨询")
    turn, _ = ask(page, "蓝鲸科技园区的小微企业有什么租金补贴？")
    assert "lanjing-park.docx" not in turn.inner_text()


def test_every_tab_loads_nothing_from_the_internet(page: Any) -> None:
    wait_ready(page)
    for name in ("指导备忘录", "知识库", "评审", "咨询"):
        tab(page, name)
        page.wait_for_timeout(200)
    html = page.content()
    assert "fonts.googleapis.com" not in html and "cdn.jsdelivr" not in html
    # the page fixture asserts that no request left localhost


def test_restart_with_existing_index_is_quick_and_without_token_changes_nothing(
        browser: Any, workdir: Path, apps: dict[str, RunningApp], capsys: pytest.CaptureFixture[str]) -> None:
    apps["app"].stop()
    started = time.monotonic()
    apps["app"] = start_app(workdir, workdir / "data", token=None)
    http_s = time.monotonic() - started
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.goto(apps["app"].url)
    page.locator("#question textarea").wait_for()
    page.locator("#status .adv-status").wait_for()
    page_s = time.monotonic() - started  # the page is shown and takes questions (they wait for the index)
    wait_ready(page, timeout_ms=60_000)
    ready_s = time.monotonic() - started  # the index is loaded: questions are answered at once
    TIMINGS.update(restart_http_s=round(http_s, 2), restart_page_shown_s=round(page_s, 2),
                   restart_page_ready_s=round(ready_s, 2))
    with capsys.disabled():
        print(f"\nrestart with an existing index: HTTP up {http_s:.2f} s, page shown {page_s:.2f} s, "
              f"index ready {ready_s:.2f} s; answers on screen {TIMINGS.get('answer_on_screen_s')} s")
    tab(page, "知识库")
    note = page.locator("#kb-note")
    assert "ADVISOR_ADMIN_TOKEN" in note.inner_text() and "python app.py" in note.inner_text()
    assert page.locator("#kb-upload").is_disabled() and page.locator("#kb-reindex").is_disabled()
    assert page.locator("#admin-token input").is_disabled()
    assert "qilin-test" in page.locator("#doc-table").inner_text()
    shot(page, "16-no-token-read-only", full_page=True)
    context.close()
    shutil.rmtree(workdir / "gradio-tmp", ignore_errors=True)
    assert "knowledge base: embedding" not in apps["app"].log(), "a restart must reuse the index, not rebuild it"
    # The target is a page that answers within 5 s of start. Start-up is CPU-bound (importing gradio is 3-6 s on a
    # busy 2-core machine), so a strict bound here would fail whenever the machine is shared; these loose bounds
    # catch hangs, and the figures are printed above and kept in test-artifacts/ui/timings.json.
    assert page_s < 60.0, f"the page took {page_s:.1f} s to show after start with an existing index"
    assert ready_s < 90.0, f"the index took {ready_s:.1f} s to load after start with an existing index"
