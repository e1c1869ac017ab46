using WheelStrat.Tws.Wire;

namespace WheelStrat.Tws.Messages;

/// <summary>
/// Combo (BAG) legs. The bridge trades single legs only, so it never sends legs; a server still has
/// to step over legs that other clients send, or every field after them would be misread.
/// </summary>
internal static class ComboLegs
{
    /// <summary>Market data and history requests carry conId, ratio, action, exchange per leg.</summary>
    public const int RequestLegFields = 4;

    /// <summary>placeOrder legs add openClose, shortSaleSlot, designatedLocation, exemptCode.</summary>
    public const int OrderLegFields = 8;

    public static bool IsBag(Contract c) => string.Equals(c.SecType, "BAG", StringComparison.OrdinalIgnoreCase);

    public static void WriteNone(FieldWriter w, Contract c)
    {
        if (IsBag(c))
        {
            w.Write(0);
        }
    }

    public static void Skip(ref FieldReader r, Contract c, int fieldsPerLeg = RequestLegFields)
    {
        if (!IsBag(c))
        {
            return;
        }

        var legs = r.ReadCount();
        r.Skip(legs * fieldsPerLeg);
    }
}

/// <summary>IB's DeltaNeutralContract: sent as a flag, then conId, delta, price when present.</summary>
public sealed record DeltaNeutralContract(int ConId, double Delta, double Price)
{
    internal static void Write(FieldWriter w, DeltaNeutralContract? dn)
    {
        if (dn is null)
        {
            w.Write(false);
            return;
        }

        w.Write(true);
        w.Write(dn.ConId);
        w.Write(dn.Delta);
        w.Write(dn.Price);
    }

    internal static DeltaNeutralContract? Read(ref FieldReader r) =>
        r.ReadBool() ? new DeltaNeutralContract(r.ReadInt(), r.ReadDouble(), r.ReadDouble()) : null;
}
