"""Jupyter Notebook serving a chapter on loopback, headless Chromium running all its cells.

usage: browser_check.py NOTEBOOK WORK_DIR SCREENSHOT.png
The notebook is copied into WORK_DIR with the NotebookKit kernel selected (what a learner does
when Jupyter asks which kernel to use); Jupyter Notebook serves it on 127.0.0.1 only; Chromium,
driven over the DevTools protocol, opens it, runs every cell (Cell > Run All), waits for the
kernel to finish, checks that no cell failed and that the charts were drawn by plotly.js, and
saves a screenshot of the first chart. Prints one JSON line with what it saw. Bounded in time.
"""
import base64
import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request

from tornado import ioloop, websocket

LIMIT = 420  # seconds for the whole check


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(url, deadline, what, process=None):
    while time.time() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"{what} exited with code {process.returncode} before answering")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                return response.read()
        except OSError:
            time.sleep(0.3)
    raise TimeoutError(f"{what} did not answer at {url}")


class DevTools:
    def __init__(self, connection):
        self.connection = connection
        self.next_id = 0

    async def call(self, method, **params):
        self.next_id += 1
        message_id = self.next_id
        await self.connection.write_message(json.dumps({"id": message_id, "method": method, "params": params}))
        while True:
            reply = await self.connection.read_message()
            if reply is None:
                raise RuntimeError("the browser closed the DevTools connection")
            reply = json.loads(reply)
            if reply.get("id") == message_id:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return reply["result"]

    async def evaluate(self, expression):
        result = await self.call("Runtime.evaluate", expression=expression, returnByValue=True, awaitPromise=True)
        if "exceptionDetails" in result:
            raise RuntimeError(f"{expression[:80]}: {result['exceptionDetails']}")
        return result["result"].get("value")


async def drive(page_url, screenshot, deadline):
    devtools = DevTools(await websocket.websocket_connect(page_url, max_message_size=256 * 1024 * 1024))
    await devtools.call("Runtime.enable")

    async def until(expression, what, step=0.5):
        while time.time() < deadline:
            if await devtools.evaluate(expression):
                return
            await ioloop.IOLoop.current().run_in_executor(None, time.sleep, step)
        raise TimeoutError(f"timed out waiting for {what}")

    await until("!!(window.Jupyter && Jupyter.notebook && Jupyter.notebook.kernel && Jupyter.notebook.kernel.is_connected())", "the kernel to connect")
    await devtools.evaluate("Jupyter.notebook.execute_all_cells(); true")
    await until("Jupyter.notebook.get_cells().filter(c => c.cell_type === 'code')"
                ".every(c => typeof c.input_prompt_number === 'number') && !Jupyter.notebook.kernel_busy", "every cell to run", step=1)
    seen = await devtools.evaluate("""(() => {
        const cells = Jupyter.notebook.toJSON().cells.filter(c => c.cell_type === 'code');
        const errors = cells.flatMap(c => c.outputs).filter(o => o.output_type === 'error').map(o => o.evalue);
        const charts = document.querySelectorAll('.notebookkit-chart');
        const drawn = [...charts].filter(c => c.querySelector('.main-svg')).length;
        return { cells: cells.length, errors, charts: charts.length, drawn, plotly: typeof window.Plotly };
    })()""")
    if seen["drawn"] > 0:
        box = await devtools.evaluate("""(() => {
            const chart = [...document.querySelectorAll('.notebookkit-chart')].find(c => c.querySelector('.main-svg'));
            chart.scrollIntoView({ block: 'center' });
            const r = chart.getBoundingClientRect();
            return { x: r.left + window.scrollX, y: r.top + window.scrollY, width: r.width, height: r.height };
        })()""")
        await ioloop.IOLoop.current().run_in_executor(None, time.sleep, 1)  # let plotly finish its transition
        shot = await devtools.call("Page.captureScreenshot", format="png", captureBeyondViewport=True,
                                   clip={"x": box["x"], "y": box["y"], "width": box["width"], "height": box["height"], "scale": 1})
        with open(screenshot, "wb") as f:
            f.write(base64.b64decode(shot["data"]))
        seen["screenshot"] = {"width": round(box["width"]), "height": round(box["height"])}
    return seen


def main():
    notebook, work, screenshot = sys.argv[1], sys.argv[2], sys.argv[3]
    deadline = time.time() + LIMIT
    served = os.path.join(work, "served")
    os.makedirs(served, exist_ok=True)
    with open(notebook, encoding="utf-8") as f:
        content = json.load(f)
    content["metadata"]["kernelspec"] = {"name": "notebookkit-csharp", "display_name": "C# (NotebookKit)", "language": "csharp"}
    name = os.path.basename(notebook)
    with open(os.path.join(served, name), "w", encoding="utf-8") as f:
        json.dump(content, f)

    port, debug_port = free_port(), free_port()
    server = subprocess.Popen(
        ["jupyter-notebook", "--no-browser", "--allow-root", "--ip=127.0.0.1", f"--port={port}", "--port-retries=0",
         "--NotebookApp.token=", "--NotebookApp.password=", "--NotebookApp.disable_check_xsrf=True",
         f"--notebook-dir={served}"],
        stdout=subprocess.DEVNULL, stderr=open(os.path.join(work, "notebook-server.log"), "w"))
    browser = None
    try:
        wait_for(f"http://127.0.0.1:{port}/api/status", deadline, "Jupyter Notebook (its log: notebook-server.log)", server)
        browser = subprocess.Popen(
            ["/usr/bin/chromium", "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1",
             f"--remote-debugging-port={debug_port}", "--remote-debugging-address=127.0.0.1",
             f"--user-data-dir={os.path.join(work, 'chromium-profile')}", "--window-size=1280,1600",
             f"http://127.0.0.1:{port}/notebooks/{name}"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        targets = []
        while time.time() < deadline and not any(t.get("type") == "page" for t in targets):
            targets = json.loads(wait_for(f"http://127.0.0.1:{debug_port}/json/list", deadline, "Chromium"))
            time.sleep(0.3)
        page = next(t for t in targets if t.get("type") == "page")
        seen = ioloop.IOLoop.current().run_sync(lambda: drive(page["webSocketDebuggerUrl"], screenshot, deadline), timeout=max(1, deadline - time.time()))
        print(json.dumps(seen))
        return 0
    finally:
        for process in (browser, server):
            if process is not None:
                process.terminate()
                try:
                    process.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    process.kill()


if __name__ == "__main__":
    sys.exit(main())
