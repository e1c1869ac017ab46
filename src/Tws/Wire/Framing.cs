using System.Buffers;
using System.Buffers.Binary;

namespace WheelStrat.Tws.Wire;

/// <summary>Splits a byte stream into frames: 4-byte big-endian length + payload.</summary>
public static class Framing
{
    /// <summary>
    /// Takes one whole frame's payload off the front of <paramref name="buffer"/>. Returns false when
    /// more bytes are needed. A length over IB's 16 MiB limit (or negative) is a protocol error, so a
    /// corrupt prefix can never make the reader wait for gigabytes.
    /// </summary>
    public static bool TryReadFrame(ref ReadOnlySequence<byte> buffer, out ReadOnlySequence<byte> payload)
    {
        payload = default;
        if (buffer.Length < 4)
        {
            return false;
        }

        int length;
        var first = buffer.FirstSpan;
        if (first.Length >= 4)
        {
            length = BinaryPrimitives.ReadInt32BigEndian(first);
        }
        else
        {
            Span<byte> prefix = stackalloc byte[4];
            buffer.Slice(0, 4).CopyTo(prefix);
            length = BinaryPrimitives.ReadInt32BigEndian(prefix);
        }

        if (length is < 0 or > ProtocolVersion.MaxFrameLength)
        {
            throw new TwsProtocolException($"frame length {length} is outside 0..{ProtocolVersion.MaxFrameLength}");
        }

        if (buffer.Length - 4 < length)
        {
            return false;
        }

        payload = buffer.Slice(4, length);
        buffer = buffer.Slice(4 + length);
        return true;
    }
}
