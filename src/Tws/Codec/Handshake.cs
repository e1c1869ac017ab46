using System.Buffers;
using System.Text;
using WheelStrat.Tws.Wire;

namespace WheelStrat.Tws.Codec;

/// <summary>
/// The connect handshake. Client: raw "API\0", then one frame holding "v{min}..{max}" (not
/// NUL-terminated, optionally followed by a space and connect options). Server: one frame of two
/// fields, serverVersion and connectionTime. Then the client sends startApi.
/// </summary>
public static class Handshake
{
    public static ReadOnlySpan<byte> Prefix => "API\0"u8;

    /// <summary>The client's opening bytes: "API\0" + framed version range.</summary>
    public static void WriteClientHello(FieldWriter w, int minVersion, int maxVersion, string connectOptions = "")
    {
        w.WriteRaw(Prefix);
        w.BeginFrame();
        var range = minVersion == maxVersion ? $"v{minVersion}" : $"v{minVersion}..{maxVersion}";
        if (connectOptions.Length > 0)
        {
            range += " " + connectOptions;
        }

        w.WriteRaw(Encoding.ASCII.GetBytes(range));
        w.EndFrame();
    }

    /// <summary>The server's reply frame: serverVersion, connectionTime.</summary>
    public static void WriteServerHello(FieldWriter w, int serverVersion, string connectionTime)
    {
        w.BeginFrame();
        w.Write(serverVersion);
        w.Write(connectionTime);
        w.EndFrame();
    }

    /// <summary>Server side: parses the payload of the client's version frame.</summary>
    public static ClientHello ParseClientHello(ReadOnlySequence<byte> payload)
    {
        var text = Encoding.ASCII.GetString(payload.ToArray()).TrimEnd('\0');
        var space = text.IndexOf(' ');
        var range = space < 0 ? text : text[..space];
        var options = space < 0 ? "" : text[(space + 1)..];
        if (!range.StartsWith('v'))
        {
            throw new TwsProtocolException($"handshake: expected 'v<min>..<max>', got '{Truncate(range)}'");
        }

        var parts = range[1..].Split("..");
        if (parts.Length is < 1 or > 2
            || !int.TryParse(parts[0], out var min)
            || !int.TryParse(parts[^1], out var max)
            || min > max)
        {
            throw new TwsProtocolException($"handshake: bad version range '{Truncate(range)}'");
        }

        return new ClientHello(min, max, options);
    }

    /// <summary>Client side: parses the server's reply (exactly two fields).</summary>
    public static ServerHello ParseServerHello(ReadOnlySpan<byte> payload)
    {
        var r = new FieldReader(payload);
        var version = r.ReadInt();
        var time = r.ReadString();
        if (version <= 0)
        {
            throw new TwsProtocolException($"handshake: server version {version} is not valid");
        }

        return new ServerHello(version, time);
    }

    private static string Truncate(string s) => s.Length > 40 ? s[..40] : s;
}

public sealed record ClientHello(int MinVersion, int MaxVersion, string ConnectOptions)
{
    public bool Accepts(int version) => version >= MinVersion && version <= MaxVersion;
}

public sealed record ServerHello(int ServerVersion, string ConnectionTime);
