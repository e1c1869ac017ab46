using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using WheelStrat.Tws.Wire;

namespace WheelStrat.Simulator.Faults;

/// <summary>
/// A broken frame, as a gateway bug, a newer gateway or a damaged stream can produce. Every kind but
/// <see cref="OversizedLength"/> keeps the framing intact: a client can skip the message and read on.
/// </summary>
public enum MalformedFrame
{
    /// <summary>The message id is not a number ("x1").</summary>
    BadMessageId,

    /// <summary>A tickPrice whose price is "NaNx".</summary>
    BadField,

    /// <summary>A tickPrice that ends after its reqId: a known message with fields missing.</summary>
    Truncated,

    /// <summary>A message id no client models (as a newer gateway sends), with a few fields.</summary>
    UnknownMessageId,

    /// <summary>A length prefix of 0: a frame with no fields at all.</summary>
    Empty,

    /// <summary>A length prefix one past IB's maximum frame size, then a few bytes: the stream itself is broken.</summary>
    OversizedLength,
}

/// <summary>The bytes of each <see cref="MalformedFrame"/> and the names the control endpoint uses for them.</summary>
public static class MalformedFrames
{
    /// <summary>The id <see cref="MalformedFrame.UnknownMessageId"/> sends: far above every id IB has assigned.</summary>
    public const int UnknownMessageId = 999;

    private static readonly Dictionary<string, MalformedFrame> ByName = new(StringComparer.OrdinalIgnoreCase)
    {
        ["bad-message-id"] = MalformedFrame.BadMessageId,
        ["bad-field"] = MalformedFrame.BadField,
        ["truncated"] = MalformedFrame.Truncated,
        ["unknown-message-id"] = MalformedFrame.UnknownMessageId,
        ["empty"] = MalformedFrame.Empty,
        ["oversized-length"] = MalformedFrame.OversizedLength,
    };

    public static IEnumerable<string> Names => ByName.Keys;

    public static bool TryParse(string? name, out MalformedFrame kind) => ByName.TryGetValue(name ?? "", out kind);

    /// <summary>The whole frame, length prefix included; <paramref name="reqId"/> is the line a bad tick claims to belong to.</summary>
    public static byte[] Build(MalformedFrame kind, int reqId)
    {
        var id = reqId.ToString(CultureInfo.InvariantCulture);
        return kind switch
        {
            MalformedFrame.BadMessageId => Frame("x1", "garbage"),
            MalformedFrame.BadField => Frame("1", "6", id, "1", "NaNx", "100", "0"),
            MalformedFrame.Truncated => Frame("1", "6", id),
            MalformedFrame.UnknownMessageId => Frame(UnknownMessageId.ToString(CultureInfo.InvariantCulture), "1", id, "unmodelled"),
            MalformedFrame.Empty => Frame(),
            MalformedFrame.OversizedLength => Prefixed(ProtocolVersion.MaxFrameLength + 1, "1\06\0"u8),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
        };
    }

    private static byte[] Frame(params string[] fields)
    {
        var payload = Encoding.ASCII.GetBytes(string.Concat(fields.Select(f => f + "\0")));
        return Prefixed(payload.Length, payload);
    }

    private static byte[] Prefixed(int length, ReadOnlySpan<byte> payload)
    {
        var frame = new byte[4 + payload.Length];
        BinaryPrimitives.WriteInt32BigEndian(frame, length);
        payload.CopyTo(frame.AsSpan(4));
        return frame;
    }
}
