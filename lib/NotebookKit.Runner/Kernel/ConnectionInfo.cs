using System.Text.Json;
using System.Text.Json.Nodes;

namespace NotebookKit.Runner.Kernel;

/// <summary>
/// The connection file a Jupyter front end writes before it starts a kernel: where the five
/// sockets listen and the key that signs every message.
/// </summary>
public sealed record ConnectionInfo(
    string Transport, string Ip, int ShellPort, int IOPubPort, int StdinPort, int ControlPort, int HeartbeatPort,
    string Key, string SignatureScheme)
{
    public string Address(int port) => Transport == "ipc" ? $"ipc://{Ip}-{port}" : $"{Transport}://{Ip}:{port}";

    /// <summary>Reads a connection file; says which field is missing or wrong.</summary>
    public static ConnectionInfo Load(string path)
    {
        if (!File.Exists(path)) throw new KernelStartException($"The connection file '{path}' does not exist.");
        JsonObject json;
        try { json = JsonNode.Parse(File.ReadAllText(path)) as JsonObject ?? throw new JsonException("not a JSON object"); }
        catch (JsonException e) { throw new KernelStartException($"The connection file '{path}' is not valid JSON: {e.Message}"); }

        string Text(string name, string? fallback = null) =>
            json[name] is JsonValue v && v.TryGetValue<string>(out var s) ? s
            : fallback ?? throw new KernelStartException($"The connection file '{path}' has no \"{name}\".");
        int Port(string name) =>
            json[name] is JsonValue v && v.TryGetValue<int>(out var p) && p is > 0 and < 65536 ? p
            : throw new KernelStartException($"The connection file '{path}' has no valid \"{name}\" (a port number).");

        var scheme = Text("signature_scheme", "hmac-sha256");
        if (scheme != "hmac-sha256")
            throw new KernelStartException($"The connection file asks for the signature scheme '{scheme}'; this kernel signs with hmac-sha256.");
        var transport = Text("transport", "tcp");
        if (transport is not ("tcp" or "ipc"))
            throw new KernelStartException($"The connection file asks for the transport '{transport}'; expected tcp or ipc.");
        return new ConnectionInfo(transport, Text("ip", "127.0.0.1"), Port("shell_port"), Port("iopub_port"), Port("stdin_port"),
            Port("control_port"), Port("hb_port"), Text("key", ""), scheme);
    }
}

/// <summary>The kernel cannot start: the message says what was expected.</summary>
public sealed class KernelStartException(string message) : Exception(message);
