using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using NetMQ;

namespace NotebookKit.Runner.Kernel;

/// <summary>
/// One message of the Jupyter messaging protocol: the routing identities, the header, the parent
/// header (the request it answers), metadata and content. See the protocol's "wire format":
/// identities, "&lt;IDS|MSG&gt;", the HMAC signature, then four JSON frames and optional buffers.
/// </summary>
public sealed record JupyterMessage(
    IReadOnlyList<byte[]> Identities, JsonObject Header, JsonObject ParentHeader, JsonObject Metadata, JsonObject Content)
{
    public const string ProtocolVersion = "5.3";
    private static readonly byte[] Delimiter = "<IDS|MSG>"u8.ToArray();

    public string Type => Header["msg_type"]?.GetValue<string>() ?? "";

    public string Id => Header["msg_id"]?.GetValue<string>() ?? "";

    /// <summary>A new message answering <paramref name="parent"/> (or unprompted, when null).</summary>
    public static JupyterMessage Create(string type, JsonObject content, JupyterMessage? parent, string session, IReadOnlyList<byte[]>? identities = null) =>
        new(identities ?? parent?.Identities ?? [], NewHeader(type, session),
            parent is null ? new JsonObject() : (JsonObject)parent.Header.DeepClone(), new JsonObject(), content);

    private static JsonObject NewHeader(string type, string session) => new()
    {
        ["msg_id"] = Guid.NewGuid().ToString(),
        ["session"] = session,
        ["username"] = "notebookkit",
        ["date"] = DateTimeOffset.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture),
        ["msg_type"] = type,
        ["version"] = ProtocolVersion,
    };

    /// <summary>The frames to send, signed with <paramref name="signer"/>.</summary>
    public NetMQMessage ToWire(MessageSigner signer)
    {
        var parts = new[] { Header, ParentHeader, Metadata, Content }.Select(j => Encoding.UTF8.GetBytes(j.ToJsonString())).ToArray();
        var wire = new NetMQMessage();
        foreach (var identity in Identities) wire.Append(identity);
        wire.Append(Delimiter);
        wire.Append(signer.Sign(parts));
        foreach (var part in parts) wire.Append(part);
        return wire;
    }

    /// <summary>
    /// Parses received frames. Returns null, with the reason, when the message is malformed or its
    /// signature does not match: such a message is never acted on.
    /// </summary>
    public static JupyterMessage? FromWire(NetMQMessage wire, MessageSigner signer, out string? rejected)
    {
        var frames = wire.Select(f => f.ToByteArray()).ToList();
        var split = frames.FindIndex(f => f.AsSpan().SequenceEqual(Delimiter));
        if (split < 0 || frames.Count < split + 6)
        {
            rejected = $"a message without the \"<IDS|MSG>\" delimiter and four JSON frames ({frames.Count} frames)";
            return null;
        }
        var signature = Encoding.ASCII.GetString(frames[split + 1]);
        var parts = frames.Skip(split + 2).Take(4).ToArray();
        if (!signer.Verify(signature, parts))
        {
            rejected = "a message with a bad HMAC signature";
            return null;
        }
        try
        {
            var json = parts.Select(p => JsonNode.Parse(p) as JsonObject ?? new JsonObject()).ToArray();
            rejected = null;
            return new JupyterMessage(frames.Take(split).ToArray(), json[0], json[1], json[2], json[3]);
        }
        catch (System.Text.Json.JsonException e)
        {
            rejected = $"a message whose JSON does not parse ({e.Message})";
            return null;
        }
    }
}

/// <summary>HMAC-SHA256 over the four JSON frames, keyed by the connection file's key (no key: no signature).</summary>
public sealed class MessageSigner(string key)
{
    private readonly byte[] keyBytes = Encoding.UTF8.GetBytes(key);

    public byte[] Sign(IReadOnlyList<byte[]> parts) => Encoding.ASCII.GetBytes(Hex(parts));

    public bool Verify(string signature, IReadOnlyList<byte[]> parts)
    {
        if (keyBytes.Length == 0) return true;
        var expected = Encoding.ASCII.GetBytes(Hex(parts));
        return CryptographicOperations.FixedTimeEquals(expected, Encoding.ASCII.GetBytes(signature.ToLowerInvariant()));
    }

    private string Hex(IReadOnlyList<byte[]> parts)
    {
        if (keyBytes.Length == 0) return "";
        using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, keyBytes);
        foreach (var part in parts) hmac.AppendData(part);
        return Convert.ToHexStringLower(hmac.GetHashAndReset());
    }
}
