#!/usr/bin/env python3
"""Drives the job seeker's page in headless Chromium over the DevTools
protocol (--remote-debugging-pipe: NUL-separated JSON on fds 3 and 4, no
extra package needed). Types a code the way a person does (focus, insert
text, Enter), reads the DOM and every HTTP response the browser received,
and saves screenshots.

  cdp_page.py URL CODE WRONG_CODE OUTDIR EXPECT_STAGE AGENCY PRIVATE...

Exit 0: every check held. 1: a check failed (printed). 77: Chromium could
not run here at all (printed why) - never used for a failed check.
"""
import base64
import json
import os
import select
import shutil
import subprocess
import sys
import tempfile
import time

SKIP = 77


class Browser:
    def __init__(self, binary, profile):
        r3, w3 = os.pipe()  # we write, Chromium reads (its fd 3)
        r4, w4 = os.pipe()  # Chromium writes (its fd 4), we read
        args = [binary, "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run", "--disable-extensions",
                "--disable-dev-shm-usage", "--user-data-dir=" + profile,
                "--remote-debugging-pipe", "about:blank"]

        def child():
            os.dup2(r3, 3)
            os.dup2(w4, 4)

        self.proc = subprocess.Popen(args, pass_fds=(3, 4), preexec_fn=child,
                                     stdout=subprocess.DEVNULL,
                                     stderr=open(os.path.join(profile, "..", "chromium.log"), "wb"))
        # pass_fds keeps 3 and 4 open in the child after preexec dup2.
        os.close(r3)
        os.close(w4)
        self.wfd, self.rfd = w3, r4
        self.buf = b""
        self.next_id = 0
        self.events = []

    def _read_message(self, deadline):
        while b"\0" not in self.buf:
            left = deadline - time.time()
            if left <= 0:
                raise TimeoutError("no message from Chromium")
            r, _, _ = select.select([self.rfd], [], [], left)
            if not r:
                continue
            chunk = os.read(self.rfd, 1 << 20)
            if not chunk:
                raise EOFError("Chromium closed the pipe")
            self.buf += chunk
        msg, self.buf = self.buf.split(b"\0", 1)
        return json.loads(msg)

    def call(self, method, params=None, session=None, timeout=30):
        self.next_id += 1
        mid = self.next_id
        m = {"id": mid, "method": method, "params": params or {}}
        if session:
            m["sessionId"] = session
        os.write(self.wfd, json.dumps(m).encode() + b"\0")
        deadline = time.time() + timeout
        while True:
            msg = self._read_message(deadline)
            if msg.get("id") == mid:
                if "error" in msg:
                    raise RuntimeError("%s: %s" % (method, msg["error"]))
                return msg.get("result", {})
            self.events.append(msg)

    def wait_event(self, name, timeout=30):
        deadline = time.time() + timeout
        while True:
            for i, e in enumerate(self.events):
                if e.get("method") == name:
                    del self.events[i]
                    return e
            self.events.append(self._read_message(deadline))

    def close(self):
        try:
            self.call("Browser.close", timeout=5)
        except Exception:
            pass
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


failures = []


def check(cond, what):
    if not cond:
        failures.append(what)
        print("FAIL: " + what, file=sys.stderr)


def main():
    url, code, wrong, outdir, stage, agency = sys.argv[1:7]
    private = sys.argv[7:]
    binary = shutil.which("chromium") or shutil.which("chromium-browser")
    if not binary:
        print("SKIP: no chromium binary (scripts/install-deps installs Debian's chromium)")
        return SKIP
    os.makedirs(outdir, exist_ok=True)
    work = tempfile.mkdtemp(prefix="cdp-")
    profile = os.path.join(work, "profile")
    os.makedirs(profile)
    try:
        b = Browser(binary, profile)
        # The first answer proves Chromium runs here; failing it is a skip.
        b.call("Browser.getVersion", timeout=60)
    except Exception as e:
        log = os.path.join(work, "chromium.log")
        tail = open(log, errors="replace").read()[-2000:] if os.path.exists(log) else ""
        print("SKIP: chromium cannot run here: %s\n%s" % (e, tail))
        return SKIP

    bodies = []  # (url, status, headers, body) of every response
    try:
        target = b.call("Target.createTarget", {"url": "about:blank"})["targetId"]
        s = b.call("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        for dom in ("Page.enable", "Network.enable", "Runtime.enable"):
            b.call(dom, session=s)

        def collect():
            # Every response seen so far, with its body.
            seen = {}
            for e in list(b.events):
                if e.get("method") == "Network.responseReceived":
                    r = e["params"]["response"]
                    seen[e["params"]["requestId"]] = (r["url"], r["status"],
                                                      {k.lower(): v for k, v in r["headers"].items()})
            for e in list(b.events):
                if e.get("method") == "Network.loadingFinished" and e["params"]["requestId"] in seen:
                    rid = e["params"]["requestId"]
                    try:
                        res = b.call("Network.getResponseBody", {"requestId": rid}, session=s)
                        body = res["body"]
                        if res.get("base64Encoded"):
                            body = base64.b64decode(body).decode("utf-8", "replace")
                    except RuntimeError:
                        body = ""
                    bodies.append(seen[rid] + (body,))
            b.events = [e for e in b.events if not e.get("method", "").startswith("Network.")]

        def evaluate(expr):
            r = b.call("Runtime.evaluate", {"expression": expr, "returnByValue": True}, session=s)
            return r.get("result", {}).get("value")

        def load(u):
            b.call("Page.navigate", {"url": u}, session=s)
            b.wait_event("Page.loadEventFired")

        def submit(text):
            # A person: click into the field, type, press Enter.
            evaluate("document.getElementById('code').focus()")
            check(evaluate("document.activeElement && document.activeElement.id") == "code",
                  "the code field takes the focus")
            b.call("Input.insertText", {"text": text}, session=s)
            for t in ("keyDown", "keyUp"):
                b.call("Input.dispatchKeyEvent", {"type": t, "key": "Enter", "code": "Enter",
                                                  "windowsVirtualKeyCode": 13,
                                                  "text": "\r" if t == "keyDown" else ""}, session=s)
            b.wait_event("Page.loadEventFired")

        def shot(name):
            png = b.call("Page.captureScreenshot", {"format": "png"}, session=s)["data"]
            path = os.path.join(outdir, name)
            with open(path, "wb") as f:
                f.write(base64.b64decode(png))
            print("screenshot: " + path)

        def dom():
            return evaluate("document.documentElement.outerHTML") or ""

        for width, height, mobile, tag in ((390, 844, True, "phone"), (1280, 800, False, "desktop")):
            b.call("Emulation.setDeviceMetricsOverride",
                   {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": mobile},
                   session=s)
            # The right code: the stage in plain words.
            load(url)
            title = evaluate("document.title") or ""
            check(agency in title, "%s: the agency's name in the title: %r" % (tag, title))
            check(evaluate("document.querySelector('label[for=code]') !== null"),
                  "%s: the code field has a label" % tag)
            check(evaluate("document.documentElement.lang") == "en", "%s: the page's language" % tag)
            # The page fits the screen: no sideways scrolling on a phone.
            check(evaluate("document.documentElement.scrollWidth <= window.innerWidth"),
                  "%s: the page is wider than the screen" % tag)
            submit(code.lower().replace("-", " "))
            here = evaluate("location.href") or ""
            norm = code.replace("-", "")
            check(norm.lower() not in here.lower() and code not in here,
                  "%s: the code is in the address: %s" % (tag, here))
            shown = evaluate("(document.getElementById('stage')||{}).textContent") or ""
            check(shown == stage, "%s: stage shown %r, expected %r" % (tag, shown, stage))
            check(evaluate("document.querySelector('h1').textContent") == "Your case",
                  "%s: the case page" % tag)
            html = dom()
            for p in private:
                check(p not in html, "%s: private text %r in the DOM" % (tag, p))
            shot("%s-status.png" % tag)
            # A wrong code: the friendly message, announced to screen readers.
            load(url)
            submit(wrong)
            msg = evaluate("(document.getElementById('message')||{}).textContent") or ""
            check("could not find a case" in msg, "%s: wrong code message: %r" % (tag, msg))
            check(evaluate("document.getElementById('message').getAttribute('role')") == "alert",
                  "%s: the message is an alert" % tag)
            check(evaluate("document.getElementById('code').getAttribute('aria-invalid')") == "true",
                  "%s: the field is marked invalid" % tag)
            shot("%s-wrong-code.png" % tag)
            collect()

        check(len(bodies) >= 4, "responses seen by the browser: %d" % len(bodies))
        for (u, status, headers, body) in bodies:
            for p in private:
                check(p not in body, "private text %r in the response to %s" % (p, u))
            check(norm not in body and code not in body, "the code is echoed in %s" % u)
            csp = headers.get("content-security-policy", "")
            check("default-src 'none'" in csp and "unsafe-inline" not in csp,
                  "CSP of %s: %r" % (u, csp))
            check(headers.get("referrer-policy") == "no-referrer", "Referrer-Policy of %s" % u)
            check(headers.get("cache-control") == "no-store", "Cache-Control of %s" % u)
        # The stylesheet loaded under the CSP (no violation, real styling).
        color = evaluate("getComputedStyle(document.querySelector('button')).backgroundColor")
        check(color == "rgb(11, 79, 138)", "the stylesheet applies: button %r" % color)
    finally:
        b.close()
        shutil.rmtree(work, ignore_errors=True)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
