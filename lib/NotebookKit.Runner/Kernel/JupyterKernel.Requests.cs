using System.Reflection;
using System.Text.Json.Nodes;
using NetMQ;
using NetMQ.Sockets;

namespace NotebookKit.Runner.Kernel;

/// <summary>The requests the kernel answers (see the Jupyter messaging protocol's shell and control channels).</summary>
public sealed partial class JupyterKernel
{
    private void HandleShell(RouterSocket shell, JupyterMessage request)
    {
        switch (request.Type)
        {
            case "execute_request": Execute(shell, request); break;
            case "complete_request": Busy(request, () => Reply(shell, request, "complete_reply", Complete(request.Content))); break;
            case "inspect_request": Busy(request, () => Reply(shell, request, "inspect_reply", Inspect(request.Content))); break;
            case "is_complete_request": Busy(request, () => Reply(shell, request, "is_complete_reply", IsComplete(request.Content))); break;
            case "kernel_info_request": Busy(request, () => Reply(shell, request, "kernel_info_reply", KernelInfo())); break;
            case "history_request": Busy(request, () => Reply(shell, request, "history_reply", new JsonObject { ["status"] = "ok", ["history"] = new JsonArray() })); break;
            case "comm_info_request": Busy(request, () => Reply(shell, request, "comm_info_reply", new JsonObject { ["status"] = "ok", ["comms"] = new JsonObject() })); break;
            case "comm_open":
                // No widgets here: close the comm at once so the front end does not wait on it.
                iopub!.Publish("comm_close", new JsonObject { ["comm_id"] = request.Content["comm_id"]?.DeepClone(), ["data"] = new JsonObject() }, request);
                break;
            case "comm_msg" or "comm_close": break;
            case "shutdown_request": Shutdown(shell, request); break;
            default:
                log.WriteLine($"notebookkit kernel: no handler for '{request.Type}' on the shell channel");
                break;
        }
    }

    private void HandleControl(RouterSocket control, JupyterMessage request)
    {
        switch (request.Type)
        {
            case "interrupt_request":
                execution?.Interrupt();
                Reply(control, request, "interrupt_reply", new JsonObject { ["status"] = "ok" });
                break;
            case "shutdown_request": Shutdown(control, request); break;
            case "kernel_info_request": Reply(control, request, "kernel_info_reply", KernelInfo()); break;
            default:
                log.WriteLine($"notebookkit kernel: no handler for '{request.Type}' on the control channel");
                break;
        }
    }

    private void Execute(RouterSocket shell, JupyterMessage request)
    {
        var code = request.Content["code"]?.GetValue<string>() ?? "";
        var silent = request.Content["silent"]?.GetValue<bool>() == true;
        var storeHistory = !silent && request.Content["store_history"]?.GetValue<bool>() != false;
        iopub!.Status("busy", request);
        if (!silent)
            iopub.Publish("execute_input", new JsonObject { ["code"] = code, ["execution_count"] = execution!.ExecutionCount + (storeHistory ? 1 : 0) }, request);
        stdinParent = request;
        ExecutionOutcome outcome;
        try { outcome = execution!.Execute(code, storeHistory, silent ? new SilentOutputs() : new IOPubOutputs(iopub, request)); }
        finally { stdinParent = null; }
        var reply = outcome.Error is { } error
            ? IOPubOutputs.ErrorContent(error.Name, error.Value, error.Traceback)
            : new JsonObject { ["user_expressions"] = new JsonObject(), ["payload"] = new JsonArray() };
        reply["status"] = outcome.Error is null ? "ok" : "error";
        reply["execution_count"] = outcome.ExecutionCount;
        // Requests already waiting are aborted before this reply goes out, so nothing sent after it is.
        if (outcome.Error is not null && !silent && request.Content["stop_on_error"]?.GetValue<bool>() != false) AbortQueued(shell);
        Reply(shell, request, "execute_reply", reply, new JsonObject { ["status"] = reply["status"]!.GetValue<string>() });
        iopub.Status("idle", request);
    }

    /// <summary>
    /// After a failed cell, the cells a front end already queued behind it ("Run All") do not run:
    /// each gets an "aborted" reply, as Jupyter kernels do. Other requests are answered normally.
    /// </summary>
    private void AbortQueued(RouterSocket shell)
    {
        while (TryReceive(shell, "shell", TimeSpan.Zero, out var message))
        {
            if (message is null) continue;
            if (message.Type != "execute_request")
            {
                HandleShell(shell, message);
                continue;
            }
            iopub!.Status("busy", message);
            Reply(shell, message, "execute_reply", new JsonObject { ["status"] = "aborted", ["execution_count"] = execution!.ExecutionCount },
                new JsonObject { ["status"] = "aborted" });
            iopub.Status("idle", message);
        }
    }

    private JsonObject Complete(JsonObject content)
    {
        var code = content["code"]?.GetValue<string>() ?? "";
        var position = CodePoints.ToUtf16(code, content["cursor_pos"]?.GetValue<int>() ?? code.Length);
        var completions = CodeAssistant.Complete(execution!.Session, code, position);
        return new JsonObject
        {
            ["status"] = "ok",
            ["matches"] = new JsonArray(completions.Matches.Select(m => (JsonNode?)JsonValue.Create(m.Text)).ToArray()),
            ["cursor_start"] = CodePoints.FromUtf16(code, completions.Start),
            ["cursor_end"] = CodePoints.FromUtf16(code, completions.End),
            ["metadata"] = new JsonObject
            {
                ["_jupyter_types_experimental"] = new JsonArray(completions.Matches.Select(m => (JsonNode?)new JsonObject
                {
                    ["text"] = m.Text, ["type"] = m.Kind,
                    ["start"] = CodePoints.FromUtf16(code, completions.Start), ["end"] = CodePoints.FromUtf16(code, completions.End),
                }).ToArray()),
            },
        };
    }

    private JsonObject Inspect(JsonObject content)
    {
        var code = content["code"]?.GetValue<string>() ?? "";
        var position = CodePoints.ToUtf16(code, content["cursor_pos"]?.GetValue<int>() ?? code.Length);
        var help = CodeAssistant.Inspect(execution!.Session, code, position, content["detail_level"]?.GetValue<int>() ?? 0);
        var data = new JsonObject();
        if (help is not null) data["text/plain"] = help;
        return new JsonObject { ["status"] = "ok", ["found"] = help is not null, ["data"] = data, ["metadata"] = new JsonObject() };
    }

    private static JsonObject IsComplete(JsonObject content)
    {
        var status = CodeAssistant.IsComplete(content["code"]?.GetValue<string>() ?? "");
        var reply = new JsonObject { ["status"] = status };
        if (status == "incomplete") reply["indent"] = "    ";
        return reply;
    }

    private static JsonObject KernelInfo() => new()
    {
        ["status"] = "ok",
        ["protocol_version"] = JupyterMessage.ProtocolVersion,
        ["implementation"] = "notebookkit",
        ["implementation_version"] = NotebookKit.Kit.Version,
        ["language_info"] = new JsonObject
        {
            ["name"] = "csharp",
            ["version"] = typeof(Microsoft.CodeAnalysis.CSharp.LanguageVersion).Assembly.GetName().Version?.ToString() ?? "",
            ["mimetype"] = "text/x-csharp",
            ["file_extension"] = ".cs",
            ["pygments_lexer"] = "csharp",
            ["codemirror_mode"] = "text/x-csharp",
        },
        ["banner"] = $"NotebookKit C# kernel {NotebookKit.Kit.Version} (.NET {Environment.Version}, Roslyn scripting){(NotebookKit.Kit.Quick ? ", quick mode" : "")}",
        ["help_links"] = new JsonArray(),
    };

    private void Shutdown(RouterSocket socket, JupyterMessage request)
    {
        restartRequested = request.Content["restart"]?.GetValue<bool>() == true;
        Reply(socket, request, "shutdown_reply", new JsonObject { ["status"] = "ok", ["restart"] = restartRequested });
        iopub!.Status("dead", request);
        stopped.Set();
    }

    /// <summary>A short request between busy and idle, as front ends expect for every request.</summary>
    private void Busy(JupyterMessage request, Action answer)
    {
        iopub!.Status("busy", request);
        try { answer(); }
        finally { iopub.Status("idle", request); }
    }

    private void Reply(NetMQSocket socket, JupyterMessage request, string type, JsonObject content, JsonObject? metadata = null)
    {
        var reply = JupyterMessage.Create(type, content, request, session);
        if (metadata is not null) foreach (var (k, v) in metadata) reply.Metadata[k] = v?.DeepClone();
        socket.SendMultipartMessage(reply.ToWire(signer));
    }

    /// <summary>Sends an input_request to the front end of <paramref name="parent"/> and waits for its input_reply (or an interrupt).</summary>
    private string AskInput(JupyterMessage parent, string prompt)
    {
        var request = JupyterMessage.Create("input_request", new JsonObject { ["prompt"] = prompt, ["password"] = false }, parent, session);
        stdin!.SendMultipartMessage(request.ToWire(signer));
        while (true)
        {
            NotebookKit.Kit.Interruption.ThrowIfCancellationRequested();
            if (!TryReceive(stdin!, "stdin", TimeSpan.FromMilliseconds(100), out var reply) || reply is null) continue;
            if (reply.Type == "input_reply") return reply.Content["value"]?.GetValue<string>() ?? "";
        }
    }

    private sealed class SilentOutputs : Engine.ICellOutputSink
    {
        public void Stream(string name, string text) { }
        public void Display(string displayId, IReadOnlyDictionary<string, string> bundle) { }
        public void UpdateDisplay(string displayId, IReadOnlyDictionary<string, string> bundle) { }
        public void Result(int executionCount, IReadOnlyDictionary<string, string> bundle) { }
        public void Error(string name, string value, IReadOnlyList<string> traceback) { }
    }
}

/// <summary>Jupyter counts cursor positions in Unicode code points; .NET strings in UTF-16 units.</summary>
public static class CodePoints
{
    public static int ToUtf16(string text, int codePoints)
    {
        var index = 0;
        for (var n = 0; n < codePoints && index < text.Length; n++)
            index += char.IsHighSurrogate(text[index]) && index + 1 < text.Length ? 2 : 1;
        return index;
    }

    public static int FromUtf16(string text, int index)
    {
        var count = 0;
        for (var i = 0; i < index && i < text.Length; i++)
            if (!char.IsLowSurrogate(text[i])) count++;
        return count;
    }
}
