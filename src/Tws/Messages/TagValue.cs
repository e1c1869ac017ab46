using WheelStrat.Tws.Wire;

namespace WheelStrat.Tws.Messages;

public sealed record TagValue(string Tag, string Value)
{
    /// <summary>IB's one-field form "k1=v1;k2=v2;" (mktDataOptions, chartOptions, orderMiscOptions).</summary>
    public static void WriteInline(FieldWriter w, EquatableList<TagValue> list)
    {
        if (list.Count == 0)
        {
            w.WriteEmpty();
            return;
        }

        w.Write(string.Concat(list.Select(t => $"{t.Tag}={t.Value};")));
    }

    public static EquatableList<TagValue> ReadInline(ref FieldReader r)
    {
        var text = r.ReadString();
        if (text.Length == 0)
        {
            return EquatableList<TagValue>.Empty;
        }

        var pairs = new List<TagValue>();
        foreach (var part in text.Split(';', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = part.IndexOf('=');
            pairs.Add(eq < 0 ? new TagValue(part, "") : new TagValue(part[..eq], part[(eq + 1)..]));
        }

        return new EquatableList<TagValue>(pairs);
    }

    /// <summary>The counted form: count, then tag and value per pair (algoParams, smartComboRoutingParams).</summary>
    public static void WriteCounted(FieldWriter w, EquatableList<TagValue> list)
    {
        w.Write(list.Count);
        foreach (var t in list)
        {
            w.Write(t.Tag);
            w.Write(t.Value);
        }
    }

    public static EquatableList<TagValue> ReadCounted(ref FieldReader r)
    {
        var n = r.ReadCount();
        if (n == 0)
        {
            return EquatableList<TagValue>.Empty;
        }

        var items = new TagValue[n];
        for (var i = 0; i < n; i++)
        {
            items[i] = new TagValue(r.ReadString(), r.ReadString());
        }

        return items;
    }
}
