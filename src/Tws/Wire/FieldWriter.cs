using System.Buffers.Binary;
using System.Buffers.Text;
using System.Text;

namespace WheelStrat.Tws.Wire;

/// <summary>
/// Builds frames: a 4-byte big-endian length, then NUL-terminated ASCII fields. One writer per
/// connection, reused for every message, so encoding a request allocates nothing.
/// Unset values (null) are written as empty fields, which every IB decoder reads as "unset".
/// </summary>
public sealed class FieldWriter
{
    private byte[] _buffer;
    private int _length;
    private int _frameStart = -1;

    public FieldWriter(int initialCapacity = 512) => _buffer = new byte[initialCapacity];

    /// <summary>The bytes written since the last <see cref="Reset"/>.</summary>
    public ReadOnlyMemory<byte> Written => _buffer.AsMemory(0, _length);

    public void Reset()
    {
        _length = 0;
        _frameStart = -1;
    }

    /// <summary>Raw bytes outside any frame (only the handshake's "API\0" prefix needs this).</summary>
    public void WriteRaw(ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(Grow(bytes.Length));
        _length += bytes.Length;
    }

    public void BeginFrame()
    {
        if (_frameStart >= 0)
        {
            throw new InvalidOperationException("A frame is already open.");
        }

        Grow(4);
        _frameStart = _length;
        _length += 4;
    }

    public void EndFrame()
    {
        if (_frameStart < 0)
        {
            throw new InvalidOperationException("No frame is open.");
        }

        var payload = _length - _frameStart - 4;
        if (payload > ProtocolVersion.MaxFrameLength)
        {
            throw new TwsProtocolException($"frame of {payload} bytes exceeds the {ProtocolVersion.MaxFrameLength}-byte limit");
        }

        BinaryPrimitives.WriteInt32BigEndian(_buffer.AsSpan(_frameStart, 4), payload);
        _frameStart = -1;
    }

    public void Write(int value)
    {
        var span = Grow(12);
        Utf8Formatter.TryFormat(value, span, out var n);
        Commit(n);
    }

    public void Write(long value)
    {
        var span = Grow(21);
        Utf8Formatter.TryFormat(value, span, out var n);
        Commit(n);
    }

    /// <summary>An int that may be unset: null → empty (IB's sendMax).</summary>
    public void WriteMax(int? value)
    {
        if (value is { } v)
        {
            Write(v);
        }
        else
        {
            WriteEmpty();
        }
    }

    public void Write(double value)
    {
        if (double.IsPositiveInfinity(value))
        {
            Write("Infinity");
            return;
        }

        if (double.IsNegativeInfinity(value))
        {
            Write("-Infinity");
            return;
        }

        var span = Grow(32);
        Utf8Formatter.TryFormat(value, span, out var n);
        Commit(n);
    }

    /// <summary>A double that may be unset: null → empty (IB's sendMax).</summary>
    public void WriteMax(double? value)
    {
        if (value is { } v)
        {
            Write(v);
        }
        else
        {
            WriteEmpty();
        }
    }

    /// <summary>
    /// A double that IB's decoder reads plainly (commissionReport's realizedPNL and yield, openOrder's
    /// discretionaryAmt): unset goes as the literal Double.MAX_VALUE, because empty would read as 0.
    /// </summary>
    public void WriteMaxLiteral(double? value)
    {
        if (value is { } v)
        {
            Write(v);
        }
        else
        {
            Write("1.7976931348623157E308");
        }
    }

    /// <summary>An int that IB's decoder reads plainly (empty would mean 0): unset goes as Integer.MAX_VALUE.</summary>
    public void WriteMaxLiteral(int? value) => Write(value ?? int.MaxValue);

    /// <summary>A Decimal size/quantity: plain digits without trailing zeros; null → empty.</summary>
    public void Write(decimal? value)
    {
        if (value is not { } v)
        {
            WriteEmpty();
            return;
        }

        var span = Grow(40);
        Utf8Formatter.TryFormat(v, span, out var n);
        if (span[..n].IndexOf((byte)'.') >= 0)
        {
            while (span[n - 1] == (byte)'0')
            {
                n--;
            }

            if (span[n - 1] == (byte)'.')
            {
                n--;
            }
        }

        Commit(n);
    }

    public void Write(bool value)
    {
        var span = Grow(2);
        span[0] = value ? (byte)'1' : (byte)'0';
        Commit(1);
    }

    /// <summary>A nullable flag: null → empty.</summary>
    public void Write(bool? value)
    {
        if (value is { } v)
        {
            Write(v);
        }
        else
        {
            WriteEmpty();
        }
    }

    public void Write(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            WriteEmpty();
            return;
        }

        var max = Encoding.UTF8.GetMaxByteCount(value.Length);
        var span = Grow(max + 1);
        var n = Encoding.UTF8.GetBytes(value, span);
        if (span[..n].IndexOf((byte)0) >= 0)
        {
            throw new ArgumentException("A TWS field cannot contain a NUL character.", nameof(value));
        }

        Commit(n);
    }

    public void WriteEmpty()
    {
        Grow(1);
        Commit(0);
    }

    private Span<byte> Grow(int needed)
    {
        if (_length + needed + 1 > _buffer.Length)
        {
            Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, _length + needed + 1));
        }

        return _buffer.AsSpan(_length);
    }

    private void Commit(int fieldLength)
    {
        _length += fieldLength;
        _buffer[_length++] = 0;
    }
}
