using System.Globalization;
using System.Text;

namespace WheelStrat.Tws.Messages.Replies;

/// <summary>IB's ASCII-7 encoding of text since server version 153: non-ASCII as \uXXXX.</summary>
internal static class UnicodeEscapes
{
    public static string Decode(string s)
    {
        if (!s.Contains("\\u", StringComparison.Ordinal))
        {
            return s;
        }

        var sb = new StringBuilder(s.Length);
        for (var i = 0; i < s.Length; i++)
        {
            if (s[i] == '\\' && i + 6 <= s.Length && s[i + 1] == 'u'
                && ushort.TryParse(s.AsSpan(i + 2, 4), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var code))
            {
                sb.Append((char)code);
                i += 5;
            }
            else
            {
                sb.Append(s[i]);
            }
        }

        return sb.ToString();
    }
}
