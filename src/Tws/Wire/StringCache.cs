using System.Text;

namespace WheelStrat.Tws.Wire;

/// <summary>
/// Symbols, exchanges, currencies and tick strings repeat on every message; decoding them from a
/// small lock-free cache keeps the reader loop from allocating a new string per field.
/// Collisions just overwrite a slot, so the cache never grows.
/// </summary>
internal static class StringCache
{
    private const int MaxCachedLength = 24;
    private const int Slots = 4096;
    private static readonly string?[] Table = new string?[Slots];

    public static string Get(ReadOnlySpan<byte> utf8)
    {
        if (utf8.IsEmpty)
        {
            return string.Empty;
        }

        if (utf8.Length > MaxCachedLength)
        {
            return Encoding.UTF8.GetString(utf8);
        }

        var slot = (int)((uint)Hash(utf8) % Slots);
        var cached = Volatile.Read(ref Table[slot]);
        if (cached is not null && Matches(cached, utf8))
        {
            return cached;
        }

        var s = Encoding.UTF8.GetString(utf8);
        Volatile.Write(ref Table[slot], s);
        return s;
    }

    private static int Hash(ReadOnlySpan<byte> b)
    {
        var h = 2166136261u;
        foreach (var x in b)
        {
            h = (h ^ x) * 16777619u;
        }

        return (int)h;
    }

    private static bool Matches(string s, ReadOnlySpan<byte> utf8)
    {
        if (s.Length != utf8.Length)
        {
            return false;
        }

        for (var i = 0; i < utf8.Length; i++)
        {
            if (s[i] != utf8[i])
            {
                return false;
            }
        }

        return true;
    }
}
