namespace WheelStrat.Tws.Wire;

/// <summary>
/// Fast paths for the numbers that make up almost every tick: short integers and plain decimals such
/// as "189.25". Anything else (exponents, long mantissas, "Infinity") falls back to Utf8Parser.
/// </summary>
internal static class NumberParsing
{
    private static readonly double[] PowersOf10 =
    [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    ];

    /// <summary>An optional '-' and 1..9 digits: always fits an int.</summary>
    public static bool TryParseSmallInteger(ReadOnlySpan<byte> f, out long value)
    {
        value = 0;
        var negative = f[0] == (byte)'-';
        var digits = negative ? f[1..] : f;
        if (digits.IsEmpty || digits.Length > 9)
        {
            return false;
        }

        foreach (var b in digits)
        {
            var d = (uint)(b - '0');
            if (d > 9)
            {
                return false;
            }

            value = (value * 10) + d;
        }

        if (negative)
        {
            value = -value;
        }

        return true;
    }

    /// <summary>
    /// "[-]digits[.digits]" with at most 15 significant digits: mantissa / 10^scale is then exact in
    /// both operands, and IEEE division rounds correctly, so the result equals a full parse.
    /// </summary>
    public static bool TryParseSimpleDouble(ReadOnlySpan<byte> f, out double value)
    {
        value = 0;
        if (!TryMantissa(f, 15, out var mantissa, out var scale, out var negative))
        {
            return false;
        }

        value = mantissa / PowersOf10[scale];
        if (negative)
        {
            value = -value;
        }

        return true;
    }

    /// <summary>"[-]digits[.digits]" with at most 18 digits, built exactly as a decimal.</summary>
    public static bool TryParseSimpleDecimal(ReadOnlySpan<byte> f, out decimal value)
    {
        value = 0;
        if (!TryMantissa(f, 18, out var mantissa, out var scale, out var negative))
        {
            return false;
        }

        value = new decimal((int)(mantissa & 0xFFFFFFFF), (int)(mantissa >> 32), 0, negative, (byte)scale);
        return true;
    }

    private static bool TryMantissa(ReadOnlySpan<byte> f, int maxDigits, out long mantissa, out int scale, out bool negative)
    {
        mantissa = 0;
        scale = 0;
        negative = !f.IsEmpty && f[0] == (byte)'-';
        var span = negative ? f[1..] : f;
        if (span.IsEmpty || span.Length > maxDigits + 1)
        {
            return false;
        }

        var digits = 0;
        var seenPoint = false;
        foreach (var b in span)
        {
            if (b == (byte)'.')
            {
                if (seenPoint)
                {
                    return false;
                }

                seenPoint = true;
                continue;
            }

            var d = (uint)(b - '0');
            if (d > 9)
            {
                return false;
            }

            mantissa = (mantissa * 10) + d;
            digits++;
            if (seenPoint)
            {
                scale++;
            }
        }

        return digits > 0 && digits <= maxDigits && scale <= 22;
    }
}
