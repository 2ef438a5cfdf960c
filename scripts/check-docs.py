#!/usr/bin/env python3
"""The API docs as a reader sees them: renders pages in headless Chromium and checks them.

  python3 scripts/check-docs.py --html build/ci/docs/html --include include --out build/ci/docs/check
  python3 scripts/check-docs.py ... --all          # every page with formulas (the docs-check target)

Checks, each failure printed with the page it is on; exit status 1 if any fails:
  1. Formulas typeset: each rendered page (the main page, every \\page, one class page; with
     --all also every module page and every page with a formula) is loaded from disk with all
     network access blocked, MathJax is given time to run (--virtual-time-budget), and the text
     of the resulting DOM must hold no raw "\\(", "\\[" or "\\f$" and no MathJax error; a page
     whose HTML has formulas must hold typeset MathJax output. Nor may the text show raw
     markup: a Markdown table that did not render ("|---|", which
     Doxygen turns into "|\u2014|"), an HTML tag as text ("<tt>").
  2. Links: every internal href/src of every generated HTML file (and of each rendered DOM,
     which includes the navigation tree) names an existing file and, with a #fragment, an
     existing anchor in it.
  3. Headers: with --include, every public header under include/jumpflow (detail/ excluded)
     has a file page reachable from the page of its module (the first folder under jumpflow/,
     following subgroups).
A PNG of each rendered page goes to --out (one per page, named after it) for a reviewer.
Only the Python standard library and Debian's chromium are needed.
"""
import argparse
import concurrent.futures
import html.parser
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.parse

RAW_MATH = ("\\(", "\\[", "\\f$")
# Markup that should never reach a reader: a Markdown table Doxygen did not recognise (e.g. a
# "|" inside a formula in a cell splits it), an HTML tag printed as text.
RAW_MARKUP = ("|---", "|:--", "|\u2014|", "|\u2013|", "<tt>", "</tt>", "<code>", "</code>")
CLASS_PAGE = "classjumpflow_1_1reaction__network.html"  # the one class page of the CI set


class Page(html.parser.HTMLParser):
    """Collects a page's links, anchors, visible text, classes and nav-path."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.links, self.anchors, self.text, self.classes = [], set(), [], set()
        self.navpath, self.title = [], ""
        self._skip = 0  # depth inside <script>/<style>/<noscript>
        self._in_navelem = False
        self._in_title = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        for key in ("id", "name"):
            if a.get(key):
                self.anchors.add(a[key])
        for key in ("href", "src"):
            if a.get(key):
                self.links.append(a[key])
        for c in (a.get("class") or "").split():
            self.classes.add(c)
        if tag in ("script", "style", "noscript"):
            self._skip += 1
        if tag == "li" and "navelem" in (a.get("class") or ""):
            self._in_navelem = True
            self.navpath.append("")
        if tag == "div" and a.get("class") == "title":
            self._in_title = True

    def handle_endtag(self, tag):
        if tag in ("script", "style", "noscript") and self._skip:
            self._skip -= 1
        if tag == "li":
            self._in_navelem = False
        if tag == "div":
            self._in_title = False

    def handle_data(self, data):
        if self._skip:
            return
        self.text.append(data)
        if self._in_navelem:
            self.navpath[-1] += data
        if self._in_title:
            self.title += data


def parse(text):
    p = Page()
    p.feed(text)
    p.close()
    return p


def read(path):
    with open(path, encoding="utf-8", errors="replace") as f:
        return f.read()


class Site:
    """The generated HTML folder, parsed lazily."""

    def __init__(self, root):
        self.root = os.path.realpath(root)
        self._pages = {}

    def page(self, path):
        path = os.path.realpath(path)
        if path not in self._pages:
            self._pages[path] = parse(read(path))
        return self._pages[path]

    def html_files(self):
        for folder, _, files in os.walk(self.root):
            if os.path.relpath(folder, self.root).startswith("mathjax"):
                continue
            for f in sorted(files):
                if f.endswith(".html"):
                    yield os.path.join(folder, f)

    def broken_links(self, source, links):
        """The internal links among `links` (as written in `source`) that lead nowhere."""
        broken = []
        for link in links:
            parts = urllib.parse.urlsplit(link)
            if parts.scheme or link.startswith("//"):
                continue  # external (http, https, mailto, javascript, file written out)
            target = source if not parts.path else os.path.normpath(
                os.path.join(os.path.dirname(source), urllib.parse.unquote(parts.path)))
            if not os.path.exists(target):
                broken.append(f"{link} (no file {os.path.relpath(target, self.root)})")
            elif parts.fragment and target.endswith(".html"):
                if parts.fragment not in self.page(target).anchors:
                    broken.append(f"{link} (no anchor #{parts.fragment})")
        return broken


def chromium_binary():
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    sys.exit("check-docs: no chromium on PATH (Debian: apt-get install chromium, or run "
             "scripts/install-deps.sh)")


def render(browser, path, png, budget_ms):
    """Loads `path` in headless Chromium with the network blocked; returns the DOM after
    `budget_ms` of virtual time (MathJax has typeset by then) and writes a screenshot."""
    profile = tempfile.mkdtemp(prefix="check-docs-")
    try:
        cmd = [browser, "--headless", "--disable-gpu", "--hide-scrollbars", "--mute-audio",
               "--no-first-run", "--disable-extensions", "--disable-background-networking",
               # No network at all: any resource not on disk fails to load (a CDN MathJax too).
               "--host-resolver-rules=MAP * ~NOTFOUND",
               f"--user-data-dir={profile}", "--window-size=1280,2400",
               f"--virtual-time-budget={budget_ms}", f"--screenshot={png}", "--dump-dom",
               "file://" + urllib.parse.quote(path)]
        if hasattr(os, "geteuid") and os.geteuid() == 0:
            cmd.insert(1, "--no-sandbox")  # Chromium refuses to run as root with its sandbox
        run = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
        if run.returncode != 0 or not run.stdout.strip():
            raise RuntimeError(f"chromium failed ({run.returncode}): {run.stderr[-2000:]}")
        return run.stdout
    finally:
        shutil.rmtree(profile, ignore_errors=True)


def has_math(text):
    return "\\(" in text or "\\[" in text


def rendered_problems(site, path, dom):
    page = parse(dom)
    text = "".join(page.text)
    problems = []
    for raw in RAW_MATH:
        i = text.find(raw)
        if i >= 0:
            context = " ".join(text[max(0, i - 30):i + 50].split())
            problems.append(f"raw {raw!r} in the rendered text: ...{context}...")
    for raw in RAW_MARKUP:
        i = text.find(raw)
        if i >= 0:
            context = " ".join(text[max(0, i - 40):i + 40].split())
            problems.append(f"raw markup {raw!r} in the rendered text: ...{context}...")
    if "merror" in page.classes or "Math Processing Error" in text:
        problems.append("a MathJax error in the rendered page")
    if has_math(read(path)) and not page.classes & {"MathJax_SVG", "MathJax", "MathJax_CHTML"}:
        problems.append("the page has formulas but MathJax typeset none")
    problems += [f"broken link in the rendered page: {b}" for b in site.broken_links(path, page.links)]
    return problems


def header_problems(site, include):
    """Headers without a file page reachable from their module's page."""
    def module_of(header):
        return header.split("/")[1].split(".")[0]  # jumpflow/<module>/... or jumpflow/<module>.hpp

    headers = []
    for folder, _, files in os.walk(os.path.join(include, "jumpflow")):
        rel = os.path.relpath(folder, include)
        if "detail" in rel.split(os.sep):
            continue
        headers += [f"{rel}/{f}".replace(os.sep, "/") for f in files if f.endswith(".hpp")]
    reachable = {}  # module -> set of header paths
    problems = []
    for module in sorted({module_of(h) for h in headers}):
        start = os.path.join(site.root, f"group__{module.replace('_', '__')}.html")
        found, seen, todo = set(), set(), [start]
        while todo:
            group = todo.pop()
            if group in seen or not os.path.exists(group):
                continue
            seen.add(group)
            for link in site.page(group).links:
                target = os.path.join(site.root, urllib.parse.urlsplit(link).path)
                name = os.path.basename(target)
                if name.startswith("group__") and name.endswith(".html"):
                    todo.append(target)
                elif name.endswith("_8hpp.html") and os.path.exists(target):
                    found.add("/".join(s.strip() for s in site.page(target).navpath))
        if not seen:
            problems.append(f"module {module}: no module page (group__{module}.html); add a "
                            f"\\defgroup {module} in docs/groups.dox")
        reachable[module] = found
    for h in sorted(headers):
        if h not in reachable[module_of(h)]:
            problems.append(f"header {h}: no file page reachable from the {module_of(h)} module "
                            "page (is it documented with \\file?)")
    return problems, len(headers)


def pages_to_render(site, every):
    root = site.root
    pages = ["index.html"]
    pages += [urllib.parse.urlsplit(l).path for l in site.page(os.path.join(root, "pages.html")).links
              if l.endswith(".html") and not urllib.parse.urlsplit(l).scheme
              and l not in ("pages.html", "index.html")]
    pages.append(CLASS_PAGE)
    if every:
        for path in site.html_files():
            name = os.path.relpath(path, root)
            if name.startswith("group__") or (os.sep not in name and has_math(read(path))):
                pages.append(name)
    return list(dict.fromkeys(p for p in pages if os.path.exists(os.path.join(root, p))))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--html", required=True, help="the generated HTML folder")
    ap.add_argument("--out", required=True, help="folder for the PNGs")
    ap.add_argument("--include", help="the include folder: check every header is reachable")
    ap.add_argument("--all", action="store_true", help="render every page with formulas")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    ap.add_argument("--budget-ms", type=int, default=20000, help="virtual time for MathJax")
    args = ap.parse_args()

    start = time.time()
    site = Site(args.html)
    if not os.path.exists(os.path.join(site.root, "index.html")):
        sys.exit(f"check-docs: no index.html in {args.html}; build the docs target first")
    failures = []

    n_links = 0
    for path in site.html_files():
        page = site.page(path)
        n_links += len(page.links)
        for b in site.broken_links(path, page.links):
            failures.append(f"{os.path.relpath(path, site.root)}: broken link {b}")
    print(f"check-docs: links: {n_links} in {len(site._pages)} HTML files")

    if args.include:
        problems, n_headers = header_problems(site, args.include)
        failures += problems
        print(f"check-docs: headers: {n_headers} public headers, {len(problems)} unreachable")

    os.makedirs(args.out, exist_ok=True)
    browser = chromium_binary()
    pages = pages_to_render(site, args.all)

    def check(name):
        path = os.path.join(site.root, name)
        png = os.path.join(os.path.realpath(args.out), name.replace("/", "_")[:-5] + ".png")
        try:
            dom = render(browser, path, png, args.budget_ms)
        except (RuntimeError, subprocess.TimeoutExpired) as e:
            return name, [str(e)]
        return name, rendered_problems(site, path, dom)

    with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        for name, problems in pool.map(check, pages):
            print(f"  {'ok  ' if not problems else 'FAIL'} {name}")
            failures += [f"{name}: {p}" for p in problems]
    print(f"check-docs: rendered {len(pages)} pages in headless Chromium; PNGs in {args.out}")

    for f in failures:
        print("check-docs: FAIL " + f)
    print(f"check-docs: {'FAILED' if failures else 'all good'} ({len(failures)} problems) in "
          f"{time.time() - start:.1f} s")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
