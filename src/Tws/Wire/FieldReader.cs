using System.Buffers.Text;

namespace WheelStrat.Tws.Wire;

/// <summary>
/// Reads the NUL-terminated fields of one frame payload in order. Numbers are parsed straight
/// from the bytes (no string per numeric field); every malformed or missing field raises
/// <see cref="TwsProtocolException"/> and nothing else.
/// </summary>
public ref struct FieldReader
{
    private ReadOnlySpan<byte> _rest;
    private int _index;

    public FieldReader(ReadOnlySpan<byte> payload)
    {
        _rest = payload;
        _index = 0;
    }

    /// <summary>True while at least one more field (even an empty one) remains.</summary>
    public readonly bool HasMore => !_rest.IsEmpty;

    /// <summary>Zero-based index of the next field, for error messages and tests.</summary>
    public readonly int FieldIndex => _index;

    public ReadOnlySpan<byte> ReadRaw()
    {
        var nul = _rest.IndexOf((byte)0);
        if (nul < 0)
        {
            throw new TwsProtocolException(_rest.IsEmpty
                ? $"field {_index}: the message ended early"
                : $"field {_index}: not terminated by NUL");
        }

        var field = _rest[..nul];
        _rest = _rest[(nul + 1)..];
        _index++;
        return field;
    }

    public void Skip(int count = 1)
    {
        for (var i = 0; i < count; i++)
        {
            ReadRaw();
        }
    }

    /// <summary>An int; empty reads as 0, as IB's own decoders do.</summary>
    public int ReadInt()
    {
        var f = ReadRaw();
        if (f.IsEmpty)
        {
            return 0;
        }

        if (NumberParsing.TryParseSmallInteger(f, out var small))
        {
            return (int)small;
        }

        if (Utf8Parser.TryParse(f, out int v, out var used) && used == f.Length)
        {
            return v;
        }

        return (int)ParseDoubleOrThrow(f, "int", int.MinValue, int.MaxValue);
    }

    /// <summary>An int that IB may leave unset: empty or Integer.MAX_VALUE reads as null.</summary>
    public int? ReadIntMax()
    {
        var f = ReadRaw();
        if (f.IsEmpty)
        {
            return null;
        }

        if (Utf8Parser.TryParse(f, out int v, out var used) && used == f.Length)
        {
            return v == int.MaxValue ? null : v;
        }

        throw Bad(f, "int");
    }

    public long ReadLong()
    {
        var f = ReadRaw();
        if (f.IsEmpty)
        {
            return 0;
        }

        if (Utf8Parser.TryParse(f, out long v, out var used) && used == f.Length)
        {
            return v;
        }

        throw Bad(f, "long");
    }

    /// <summary>
    /// A repeat count. Each repeated element needs at least one byte, so a count larger than what
    /// is left of the frame is corrupt: refusing it keeps a bad count from driving allocations.
    /// </summary>
    public int ReadCount()
    {
        var n = ReadInt();
        if (n < 0 || n > _rest.Length)
        {
            throw new TwsProtocolException($"field {_index - 1}: count {n} does not fit the rest of the frame");
        }

        return n;
    }

    /// <summary>A double; empty reads as 0.</summary>
    public double ReadDouble()
    {
        var f = ReadRaw();
        return f.IsEmpty ? 0 : ParseDouble(f);
    }

    /// <summary>A double that IB may leave unset: empty or Double.MAX_VALUE reads as null.</summary>
    public double? ReadDoubleMax()
    {
        var f = ReadRaw();
        if (f.IsEmpty)
        {
            return null;
        }

        var v = ParseDouble(f);
        return v >= double.MaxValue && !double.IsPositiveInfinity(v) ? null : v;
    }

    /// <summary>
    /// A size or quantity (IB's Decimal since FRACTIONAL_SIZE_SUPPORT). Empty and IB's "invalid"
    /// sentinels (Long.MAX, Integer.MAX, Double.MAX) read as null.
    /// </summary>
    public decimal? ReadDecimal()
    {
        var f = ReadRaw();
        if (f.IsEmpty || IsDecimalSentinel(f))
        {
            return null;
        }

        if (NumberParsing.TryParseSimpleDecimal(f, out var fast))
        {
            return fast;
        }

        if (Utf8Parser.TryParse(f, out decimal v, out var used) && used == f.Length)
        {
            return v;
        }

        var d = ParseDouble(f);
        if (double.IsNaN(d) || double.IsInfinity(d) || Math.Abs(d) > (double)decimal.MaxValue)
        {
            throw Bad(f, "decimal");
        }

        return (decimal)d;
    }

    /// <summary>A flag sent as an int: anything but 0 is true; empty is false.</summary>
    public bool ReadBool()
    {
        var f = ReadRaw();
        if (f.IsEmpty)
        {
            return false;
        }

        if (Utf8Parser.TryParse(f, out int v, out var used) && used == f.Length)
        {
            return v != 0;
        }

        if (f.SequenceEqual("true"u8) || f.SequenceEqual("True"u8))
        {
            return true;
        }

        if (f.SequenceEqual("false"u8) || f.SequenceEqual("False"u8))
        {
            return false;
        }

        throw Bad(f, "bool");
    }

    /// <summary>A nullable flag: empty is "not set".</summary>
    public bool? ReadBoolNullable()
    {
        if (PeekEmpty())
        {
            ReadRaw();
            return null;
        }

        return ReadBool();
    }

    /// <summary>A text field; empty reads as "". Short repeated values come from a shared cache.</summary>
    public string ReadString()
    {
        var f = ReadRaw();
        return StringCache.Get(f);
    }

    private readonly bool PeekEmpty() => !_rest.IsEmpty && _rest[0] == 0;

    private readonly double ParseDouble(ReadOnlySpan<byte> f)
    {
        if (NumberParsing.TryParseSimpleDouble(f, out var fast))
        {
            return fast;
        }

        if (Utf8Parser.TryParse(f, out double v, out var used) && used == f.Length)
        {
            return v;
        }

        // Java writes "Infinity", ib_insync "Infinite"; only PEG BEST offsets use it.
        if (f.SequenceEqual("Infinity"u8) || f.SequenceEqual("Infinite"u8) || f.SequenceEqual("inf"u8))
        {
            return double.PositiveInfinity;
        }

        if (f.SequenceEqual("-Infinity"u8) || f.SequenceEqual("-Infinite"u8) || f.SequenceEqual("-inf"u8))
        {
            return double.NegativeInfinity;
        }

        if (f.SequenceEqual("NaN"u8) || f.SequenceEqual("nan"u8))
        {
            return double.NaN;
        }

        throw Bad(f, "double");
    }

    private readonly double ParseDoubleOrThrow(ReadOnlySpan<byte> f, string kind, double min, double max)
    {
        // Some peers write whole numbers as "1.0"; accept those, refuse fractions.
        if (Utf8Parser.TryParse(f, out double d, out var used) && used == f.Length
            && d == Math.Floor(d) && d >= min && d <= max)
        {
            return d;
        }

        throw Bad(f, kind);
    }

    private static bool IsDecimalSentinel(ReadOnlySpan<byte> f) =>
        f.SequenceEqual("9223372036854775807"u8)
        || f.SequenceEqual("2147483647"u8)
        || f.SequenceEqual("1.7976931348623157E308"u8)
        || f.SequenceEqual("1.7976931348623157E+308"u8);

    /// <summary>Names the field and what it should have been, never its text: any field may hold account data.</summary>
    private readonly TwsProtocolException Bad(ReadOnlySpan<byte> f, string kind) =>
        new($"field {_index - 1}: not a valid {kind} ({f.Length} bytes)");
}
