"""Drives the NotebookKit Jupyter kernel with jupyter_client, the reference Jupyter client library.

usage: kernel_checks.py SCENARIO   (the kernelspec must be on JUPYTER_PATH)
Each scenario asserts what a front end relies on and exits non-zero with the reason when it fails.
"""
import os
import queue
import sys
import tempfile
import time

import jupyter_client

KERNEL = "notebookkit-csharp"
ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
SETUP = "\n".join([
    '#r "../lib/NotebookKit/bin/Debug/net10.0/TorchSharp.dll"',
    '#r "../lib/NotebookKit/bin/Debug/net10.0/NotebookKit.dll"',
    "using NotebookKit;",
    "using TorchSharp;",
    "using static TorchSharp.torch;",
])


def start():
    km, kc = jupyter_client.manager.start_new_kernel(kernel_name=KERNEL, cwd=os.path.join(ROOT, "notebooks"), startup_timeout=120)
    return km, kc


def run(kc, code, timeout=120, allow_stdin=False):
    """Executes code; returns (reply content, iopub messages of this request)."""
    messages = []
    reply = kc.execute_interactive(code, timeout=timeout, allow_stdin=allow_stdin, output_hook=messages.append)
    return reply["content"], messages


def outputs(messages, kind):
    return [m["content"] for m in messages if m["msg_type"] == kind]


def stdout(messages):
    return "".join(c["text"] for c in outputs(messages, "stream") if c["name"] == "stdout")


def expect(condition, message):
    if not condition:
        raise AssertionError(message)


def scenario_execute(km, kc):
    reply, messages = run(kc, 'var x = 6 * 7;\nConsole.WriteLine($"x = {x}");\nx + 0.5')
    expect(reply["status"] == "ok", f"execute failed: {reply}")
    kinds = [m["msg_type"] for m in messages]
    expect(kinds[0] == "status" and messages[0]["content"]["execution_state"] == "busy", f"no busy status first: {kinds}")
    expect(kinds[-1] == "status" and messages[-1]["content"]["execution_state"] == "idle", f"no idle status last: {kinds}")
    expect("execute_input" in kinds, f"no execute_input: {kinds}")
    expect(stdout(messages) == "x = 42\n", f"stdout was {stdout(messages)!r}")
    result = outputs(messages, "execute_result")
    expect(len(result) == 1 and result[0]["data"]["text/plain"] == "42.5", f"execute_result: {result}")
    expect(result[0]["execution_count"] == reply["execution_count"], "execution counts differ")
    # state carries over, and a runtime error names the cell and line
    reply, messages = run(kc, "var list = new List<int> { x };\n\nlist[3].ToString()")
    expect(reply["status"] == "error", f"expected an error: {reply}")
    errors = outputs(messages, "error")
    expect(len(errors) == 1 and "line 3" in errors[0]["evalue"] and errors[0]["ename"].endswith("ArgumentOutOfRangeException"), f"error: {errors}")
    reply, messages = run(kc, "int y = \"text\";")
    expect(reply["status"] == "error" and "CS0029" in reply["evalue"] and "line 1, column 9" in reply["evalue"], f"compile error: {reply}")


def scenario_display_update(km, kc):
    reply, messages = run(kc, SETUP + '\nvar shown = display("first");\nshown.Update("second");\n'
                          'var chart = display(NotebookKit.Plots.Plot.Lines("before", "x", "y", ("a", new double[] { 1, 2, 3 })));\n'
                          'chart.Update(NotebookKit.Plots.Plot.Lines("after", "x", "y", ("a", new double[] { 3, 2, 1 })));')
    expect(reply["status"] == "ok", f"execute failed: {reply}")
    shown = outputs(messages, "display_data")
    updates = outputs(messages, "update_display_data")
    expect(len(shown) == 2 and len(updates) == 2, f"{len(shown)} displays and {len(updates)} updates")
    ids = [d["transient"]["display_id"] for d in shown]
    expect(len(set(ids)) == 2, f"display ids not distinct: {ids}")
    expect([u["transient"]["display_id"] for u in updates] == ids, "updates do not name the displays' ids")
    expect(shown[0]["data"]["text/plain"] == "first" and updates[0]["data"]["text/plain"] == "second", f"text display: {shown[0]} {updates[0]}")
    html = updates[1]["data"]["text/html"]
    expect('"after"' in html and "Plotly.react" in html, "the chart update does not carry the new figure")
    expect("notebookkit:plotly.js" in shown[1]["data"]["text/html"], "the first chart does not carry plotly.js (offline)")


def scenario_complete_inspect(km, kc):
    reply, _ = run(kc, SETUP + "\nvar t = torch.zeros(2, 3);")
    expect(reply["status"] == "ok", f"setup failed: {reply}")
    code = "t.ma"
    content = kc.complete(code, len(code), reply=True, timeout=60)["content"]
    expect(content["status"] == "ok", content)
    expect({"matmul", "max"} <= set(content["matches"]), f"tensor members: {content['matches'][:20]}")
    expect(content["cursor_start"] == 2 and content["cursor_end"] == 4, f"cursor span {content['cursor_start']}..{content['cursor_end']}")
    code = "Kit."
    content = kc.complete(code, len(code), reply=True, timeout=60)["content"]
    expect({"Quick", "Pick", "Setup", "Version"} <= set(content["matches"]), f"Kit members: {content['matches']}")
    code = "var n = 1; n.CompareT"
    content = kc.complete(code, len(code), reply=True, timeout=60)["content"]
    expect(content["matches"] == ["CompareTo"], f"int members: {content['matches']}")
    code = "Kit.Pick(1, 2)"
    content = kc.inspect(code, 6, reply=True, timeout=60)["content"]
    expect(content["found"], f"Kit.Pick not found: {content}")
    text = content["data"]["text/plain"]
    expect("Pick" in text and "quick mode" in text, f"help for Kit.Pick: {text!r}")
    code = "t.matmul(t.T)"
    content = kc.inspect(code, 4, reply=True, timeout=60)["content"]
    expect(content["found"] and "matmul" in content["data"]["text/plain"], f"help for matmul: {content}")


def scenario_is_complete(km, kc):
    def status(code):
        msg_id = kc.is_complete(code)
        return kc.get_shell_msg(timeout=30)["content"]
    expect(status("var a = 1;")["status"] == "complete", "a statement is complete")
    open_loop = status("for (var i = 0; i < 3; i++) {")
    expect(open_loop["status"] == "incomplete" and "indent" in open_loop, f"an open brace: {open_loop}")
    expect(status('var s = """\nabc')["status"] == "incomplete", "an open raw string")
    expect(status("var = ;")["status"] == "invalid", "a syntax error is invalid")


def scenario_interrupt(km, kc):
    reply, _ = run(kc, "var survivor = 7;\nlong spins = 0;")
    msg_id = kc.execute("var local = 1;\nwhile (true) { spins++; }")
    time.sleep(3)
    km.interrupt_kernel()
    deadline = time.time() + 30
    while True:
        reply = kc.get_shell_msg(timeout=max(1, deadline - time.time()))
        if reply["parent_header"].get("msg_id") == msg_id:
            break
    content = reply["content"]
    expect(content["status"] == "error" and content["ename"] == "Interrupted", f"endless loop reply: {content}")
    expect("line 2" in content["evalue"], f"the interrupt names the line: {content['evalue']}")
    reply, messages = run(kc, "survivor + (spins > 0 ? 1 : 0)")
    expect(reply["status"] == "ok", f"after the interrupt: {reply}")
    expect(outputs(messages, "execute_result")[0]["data"]["text/plain"] == "8", "the kernel lost its state or the loop never ran")
    # a loop inside the kit stops too (the kit's loops watch the same interrupt): a perceptron
    # on XOR never makes a pass without mistakes, so it would run for 2^31 epochs
    reply, _ = run(kc, SETUP)
    expect(reply["status"] == "ok", f"setup: {reply}")
    msg_id = kc.execute("var xor = NotebookKit.Data.Synthetic2D.Xor(200);\n"
                        "var neuron = new NotebookKit.Scratch.Perceptron();\n"
                        "neuron.Fit(xor, epochs: int.MaxValue);")
    time.sleep(5)
    km.interrupt_kernel()
    while True:
        reply = kc.get_shell_msg(timeout=30)
        if reply["parent_header"].get("msg_id") == msg_id:
            break
    expect(reply["content"]["ename"] == "Interrupted", f"second interrupt: {reply['content']}")


def scenario_restart(km, kc):
    reply, _ = run(kc, "var before = 1;")
    expect(reply["status"] == "ok", reply)
    km.restart_kernel(now=False)
    kc.wait_for_ready(timeout=120)
    reply, messages = run(kc, "before")
    expect(reply["status"] == "error" and "CS0103" in reply["evalue"], f"a variable survived the restart: {reply}")
    reply, messages = run(kc, "var after = 2; after")
    expect(reply["status"] == "ok" and reply["execution_count"] == 2, f"the restarted kernel: {reply}")


def scenario_bad_signature(km, kc):
    marker = os.path.join(tempfile.mkdtemp(), "executed.txt")
    good_key = kc.session.key
    kc.session.key = b"not-the-key"
    kc.execute(f'System.IO.File.WriteAllText(@"{marker}", "ran");')
    try:
        reply = kc.get_shell_msg(timeout=5)
        raise AssertionError(f"the kernel answered a message with a bad signature: {reply['content']}")
    except queue.Empty:
        pass
    kc.session.key = good_key
    reply, _ = run(kc, "1 + 1")
    expect(reply["status"] == "ok", "the kernel stopped answering after a bad message")
    expect(not os.path.exists(marker), "the badly signed code was executed")


def scenario_stop_on_error(km, kc):
    # "Run All": cells queued behind a failing cell are aborted, not run
    first = kc.execute('throw new InvalidOperationException("stop here");')
    second = kc.execute("var ranAfterTheError = 1;")
    replies = {}
    while len(replies) < 2:
        reply = kc.get_shell_msg(timeout=60)
        replies[reply["parent_header"].get("msg_id")] = reply["content"]
    expect(replies[first]["status"] == "error", f"the failing cell: {replies[first]}")
    expect(replies[second]["status"] == "aborted", f"the queued cell: {replies[second]}")
    reply, _ = run(kc, "ranAfterTheError")
    expect(reply["status"] == "error" and "CS0103" in reply["evalue"], f"the aborted cell ran: {reply}")
    reply, messages = run(kc, "1 + 1")
    expect(reply["status"] == "ok", f"the kernel after aborting: {reply}")


def scenario_stdin(km, kc):
    messages = []
    msg_id = kc.execute('var name = Console.ReadLine();\nConsole.WriteLine($"hello, {name}");', allow_stdin=True)
    request = kc.get_stdin_msg(timeout=60)
    expect(request["msg_type"] == "input_request", f"expected an input_request: {request['msg_type']}")
    kc.input("Ada")
    while True:
        reply = kc.get_shell_msg(timeout=60)
        if reply["parent_header"].get("msg_id") == msg_id:
            break
    expect(reply["content"]["status"] == "ok", reply["content"])
    while True:
        message = kc.get_iopub_msg(timeout=10)
        if message["parent_header"].get("msg_id") != msg_id:
            continue
        messages.append(message)
        if message["msg_type"] == "status" and message["content"]["execution_state"] == "idle":
            break
    expect(stdout(messages) == "hello, Ada\n", f"stdout: {stdout(messages)!r}")
    reply, messages = run(kc, "Console.ReadLine()", allow_stdin=False)
    expect(reply["status"] == "error" and "does not accept input" in reply["evalue"], f"without stdin: {reply}")


def main():
    name = sys.argv[1]
    scenario = globals().get(f"scenario_{name}")
    if scenario is None:
        print(f"unknown scenario {name}", file=sys.stderr)
        return 2
    km, kc = start()
    try:
        info = kc.kernel_info(reply=True, timeout=60)["content"]
        expect(info["protocol_version"].startswith("5.") and info["language_info"]["name"] == "csharp", f"kernel_info: {info}")
        scenario(km, kc)
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=False)
    print(f"{name}: ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
