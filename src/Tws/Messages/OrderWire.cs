using WheelStrat.Tws.Wire;

namespace WheelStrat.Tws.Messages;

/// <summary>
/// The order field lists of placeOrder (client → server) and openOrder (server → client) at server
/// version 178, in IB's order. Both are long sequential lists with conditional blocks; readers
/// apply the same conditions as writers, so a field can never shift.
/// </summary>
internal static class OrderWire
{
    public static void WritePlaceOrder(FieldWriter w, int orderId, Contract c, Order o, string secIdType, string secId)
    {
        w.Write(RequestIds.PlaceOrder);
        w.Write(orderId);
        Contract.WriteC12(w, c);
        w.Write(secIdType);
        w.Write(secId);

        w.Write(o.Action);
        w.Write(o.TotalQuantity);
        w.Write(o.OrderType);
        w.WriteMax(o.LmtPrice);
        w.WriteMax(o.AuxPrice);

        w.Write(o.Tif);
        w.Write(o.OcaGroup);
        w.Write(o.Account);
        w.Write(o.OpenClose);
        w.Write(o.Origin);
        w.Write(o.OrderRef);
        w.Write(o.Transmit);
        w.Write(o.ParentId);
        w.Write(o.BlockOrder);
        w.Write(o.SweepToFill);
        w.WriteMax(o.DisplaySize);
        w.Write(o.TriggerMethod);
        w.Write(o.OutsideRth);
        w.Write(o.Hidden);

        if (ComboLegs.IsBag(c))
        {
            w.Write(0); // combo legs
            w.Write(0); // order combo leg prices
            w.Write(0); // smart combo routing params
        }

        w.WriteEmpty(); // sharesAllocation, deprecated
        w.WriteMax(o.DiscretionaryAmt);
        w.Write(o.GoodAfterTime);
        w.Write(o.GoodTillDate);
        w.Write(o.FaGroup);
        w.Write(o.FaMethod);
        w.Write(o.FaPercentage);
        // faProfile was dropped at FA_PROFILE_DESUPPORT (177).
        w.Write(o.ModelCode);
        w.Write(o.ShortSaleSlot);
        w.Write(o.DesignatedLocation);
        w.Write(o.ExemptCode);
        w.Write(o.OcaType);
        w.Write(o.Rule80A);
        w.Write(o.SettlingFirm);
        w.Write(o.AllOrNone);
        w.WriteMax(o.MinQty);
        w.WriteMax(o.PercentOffset);
        w.Write(false); // eTradeOnly, no longer supported by IB
        w.Write(false); // firmQuoteOnly, no longer supported by IB
        w.WriteEmpty(); // nbboPriceCap, no longer supported by IB
        w.Write(o.AuctionStrategy);
        w.WriteMax(o.StartingPrice);
        w.WriteMax(o.StockRefPrice);
        w.WriteMax(o.Delta);
        w.WriteMax(o.StockRangeLower);
        w.WriteMax(o.StockRangeUpper);
        w.Write(o.OverridePercentageConstraints);
        w.WriteMax(o.Volatility);
        w.WriteMax(o.VolatilityType);
        w.Write(o.DeltaNeutralOrderType);
        w.WriteMax(o.DeltaNeutralAuxPrice);
        if (o.DeltaNeutralOrderType.Length > 0)
        {
            w.Write(o.DeltaNeutralConId);
            w.Write(o.DeltaNeutralSettlingFirm);
            w.Write(o.DeltaNeutralClearingAccount);
            w.Write(o.DeltaNeutralClearingIntent);
            w.Write(o.DeltaNeutralOpenClose);
            w.Write(o.DeltaNeutralShortSale);
            w.Write(o.DeltaNeutralShortSaleSlot);
            w.Write(o.DeltaNeutralDesignatedLocation);
        }

        w.Write(o.ContinuousUpdate);
        w.WriteMax(o.ReferencePriceType);
        w.WriteMax(o.TrailStopPrice);
        w.WriteMax(o.TrailingPercent);
        w.WriteMax(o.ScaleInitLevelSize);
        w.WriteMax(o.ScaleSubsLevelSize);
        w.WriteMax(o.ScalePriceIncrement);
        if (HasScaleDetails(o.ScalePriceIncrement))
        {
            WriteScaleDetails(w, o);
        }

        w.Write(o.ScaleTable);
        w.Write(o.ActiveStartTime);
        w.Write(o.ActiveStopTime);
        WriteHedge(w, o);
        w.Write(o.OptOutSmartRouting);
        w.Write(o.ClearingAccount);
        w.Write(o.ClearingIntent);
        w.Write(o.NotHeld);
        DeltaNeutralContract.Write(w, o.DeltaNeutralContract);
        WriteAlgo(w, o);
        w.Write(o.AlgoId);
        w.Write(o.WhatIf);
        TagValue.WriteInline(w, o.OrderMiscOptions);
        w.Write(o.Solicited);
        w.Write(o.RandomizeSize);
        w.Write(o.RandomizePrice);
        if (IsPegBench(o.OrderType))
        {
            WritePegBench(w, o);
        }

        WriteConditions(w, o);
        w.Write(o.AdjustedOrderType);
        w.WriteMax(o.TriggerPrice);
        w.WriteMax(o.LmtPriceOffset);
        w.WriteMax(o.AdjustedStopPrice);
        w.WriteMax(o.AdjustedStopLimitPrice);
        w.WriteMax(o.AdjustedTrailingAmount);
        w.Write(o.AdjustableTrailingUnit);
        w.Write(o.ExtOperator);
        w.Write(o.SoftDollarTierName);
        w.Write(o.SoftDollarTierValue);
        w.WriteMax(o.CashQty);
        w.Write(o.Mifid2DecisionMaker);
        w.Write(o.Mifid2DecisionAlgo);
        w.Write(o.Mifid2ExecutionTrader);
        w.Write(o.Mifid2ExecutionAlgo);
        w.Write(o.DontUseAutoPriceForHedge);
        w.Write(o.IsOmsContainer);
        w.Write(o.DiscretionaryUpToLimitPrice);
        w.Write(o.UsePriceMgmtAlgo);
        w.WriteMax(o.Duration);
        w.WriteMax(o.PostToAts);
        w.Write(o.AutoCancelParent);
        w.Write(o.AdvancedErrorOverride);
        w.Write(o.ManualOrderTime);

        // PEGBEST_PEGMID_OFFSETS (170): each block only for the order types that use it.
        if (c.Exchange == "IBKRATS")
        {
            w.WriteMax(o.MinTradeQty);
        }

        if (IsPegBest(o.OrderType))
        {
            w.WriteMax(o.MinCompeteSize);
            w.WriteMax(o.CompeteAgainstBestOffset);
        }

        if (HasMidOffsets(o.OrderType, o.CompeteAgainstBestOffset))
        {
            w.WriteMax(o.MidOffsetAtWhole);
            w.WriteMax(o.MidOffsetAtHalf);
        }
    }

    public static (int OrderId, Contract Contract, Order Order, string SecIdType, string SecId) ReadPlaceOrder(ref FieldReader r)
    {
        var orderId = r.ReadInt();
        var c = Contract.ReadC12(ref r);
        var secIdType = r.ReadString();
        var secId = r.ReadString();
        var isBag = ComboLegs.IsBag(c);
        var isIbkrAts = c.Exchange == "IBKRATS";

        // One initializer, read in wire order (C# evaluates member initializers top to bottom): no
        // intermediate copies of this large record. Conditional blocks test values captured earlier.
        string orderType, dnType, hedgeType, algo;
        double? scaleIncrement, compete = null;
        int conditionCount;
        var o = new Order
        {
            Action = r.ReadString(),
            TotalQuantity = r.ReadDecimal(),
            OrderType = orderType = r.ReadString(),
            LmtPrice = r.ReadDoubleMax(),
            AuxPrice = r.ReadDoubleMax(),
            Tif = r.ReadString(),
            OcaGroup = r.ReadString(),
            Account = r.ReadString(),
            OpenClose = r.ReadString(),
            Origin = r.ReadInt(),
            OrderRef = r.ReadString(),
            Transmit = r.ReadBool(),
            ParentId = r.ReadInt(),
            BlockOrder = r.ReadBool(),
            SweepToFill = r.ReadBool(),
            DisplaySize = r.ReadIntMax(),
            TriggerMethod = r.ReadInt(),
            OutsideRth = r.ReadBool(),
            Hidden = r.ReadBool(),
            // Combo legs (BAG only) and the deprecated sharesAllocation come first.
            DiscretionaryAmt = SkipBagAndSharesAllocation(ref r, isBag).ReadDoubleMax(),
            GoodAfterTime = r.ReadString(),
            GoodTillDate = r.ReadString(),
            FaGroup = r.ReadString(),
            FaMethod = r.ReadString(),
            FaPercentage = r.ReadString(),
            ModelCode = r.ReadString(),
            ShortSaleSlot = r.ReadInt(),
            DesignatedLocation = r.ReadString(),
            ExemptCode = r.ReadInt(),
            OcaType = r.ReadInt(),
            Rule80A = r.ReadString(),
            SettlingFirm = r.ReadString(),
            AllOrNone = r.ReadBool(),
            MinQty = r.ReadIntMax(),
            PercentOffset = r.ReadDoubleMax(),
            // eTradeOnly, firmQuoteOnly, nbboPriceCap: no longer supported by IB.
            AuctionStrategy = Skip(ref r, 3).ReadIntMax() ?? 0,
            StartingPrice = r.ReadDoubleMax(),
            StockRefPrice = r.ReadDoubleMax(),
            Delta = r.ReadDoubleMax(),
            StockRangeLower = r.ReadDoubleMax(),
            StockRangeUpper = r.ReadDoubleMax(),
            OverridePercentageConstraints = r.ReadBool(),
            Volatility = r.ReadDoubleMax(),
            VolatilityType = r.ReadIntMax(),
            DeltaNeutralOrderType = dnType = r.ReadString(),
            DeltaNeutralAuxPrice = r.ReadDoubleMax(),
            DeltaNeutralConId = dnType.Length > 0 ? r.ReadInt() : 0,
            DeltaNeutralSettlingFirm = dnType.Length > 0 ? r.ReadString() : "",
            DeltaNeutralClearingAccount = dnType.Length > 0 ? r.ReadString() : "",
            DeltaNeutralClearingIntent = dnType.Length > 0 ? r.ReadString() : "",
            DeltaNeutralOpenClose = dnType.Length > 0 ? r.ReadString() : "",
            DeltaNeutralShortSale = dnType.Length > 0 && r.ReadBool(),
            DeltaNeutralShortSaleSlot = dnType.Length > 0 ? r.ReadInt() : 0,
            DeltaNeutralDesignatedLocation = dnType.Length > 0 ? r.ReadString() : "",
            ContinuousUpdate = r.ReadBool(),
            ReferencePriceType = r.ReadIntMax(),
            TrailStopPrice = r.ReadDoubleMax(),
            TrailingPercent = r.ReadDoubleMax(),
            ScaleInitLevelSize = r.ReadIntMax(),
            ScaleSubsLevelSize = r.ReadIntMax(),
            ScalePriceIncrement = scaleIncrement = r.ReadDoubleMax(),
            ScalePriceAdjustValue = HasScaleDetails(scaleIncrement) ? r.ReadDoubleMax() : null,
            ScalePriceAdjustInterval = HasScaleDetails(scaleIncrement) ? r.ReadIntMax() : null,
            ScaleProfitOffset = HasScaleDetails(scaleIncrement) ? r.ReadDoubleMax() : null,
            ScaleAutoReset = HasScaleDetails(scaleIncrement) && r.ReadBool(),
            ScaleInitPosition = HasScaleDetails(scaleIncrement) ? r.ReadIntMax() : null,
            ScaleInitFillQty = HasScaleDetails(scaleIncrement) ? r.ReadIntMax() : null,
            ScaleRandomPercent = HasScaleDetails(scaleIncrement) && r.ReadBool(),
            ScaleTable = r.ReadString(),
            ActiveStartTime = r.ReadString(),
            ActiveStopTime = r.ReadString(),
            HedgeType = hedgeType = r.ReadString(),
            HedgeParam = hedgeType.Length > 0 ? r.ReadString() : "",
            OptOutSmartRouting = r.ReadBool(),
            ClearingAccount = r.ReadString(),
            ClearingIntent = r.ReadString(),
            NotHeld = r.ReadBool(),
            DeltaNeutralContract = DeltaNeutralContract.Read(ref r),
            AlgoStrategy = algo = r.ReadString(),
            AlgoParams = algo.Length > 0 ? TagValue.ReadCounted(ref r) : EquatableList<TagValue>.Empty,
            AlgoId = r.ReadString(),
            WhatIf = r.ReadBool(),
            OrderMiscOptions = TagValue.ReadInline(ref r),
            Solicited = r.ReadBool(),
            RandomizeSize = r.ReadBool(),
            RandomizePrice = r.ReadBool(),
            ReferenceContractId = IsPegBench(orderType) ? r.ReadInt() : 0,
            IsPeggedChangeAmountDecrease = IsPegBench(orderType) && r.ReadBool(),
            PeggedChangeAmount = IsPegBench(orderType) ? r.ReadDouble() : 0,
            ReferenceChangeAmount = IsPegBench(orderType) ? r.ReadDouble() : 0,
            ReferenceExchangeId = IsPegBench(orderType) ? r.ReadString() : "",
            Conditions = ReadConditions(ref r, out conditionCount),
            ConditionsIgnoreRth = conditionCount > 0 && r.ReadBool(),
            ConditionsCancelOrder = conditionCount > 0 && r.ReadBool(),
            AdjustedOrderType = r.ReadString(),
            TriggerPrice = r.ReadDoubleMax(),
            LmtPriceOffset = r.ReadDoubleMax(),
            AdjustedStopPrice = r.ReadDoubleMax(),
            AdjustedStopLimitPrice = r.ReadDoubleMax(),
            AdjustedTrailingAmount = r.ReadDoubleMax(),
            AdjustableTrailingUnit = r.ReadInt(),
            ExtOperator = r.ReadString(),
            SoftDollarTierName = r.ReadString(),
            SoftDollarTierValue = r.ReadString(),
            CashQty = r.ReadDoubleMax(),
            Mifid2DecisionMaker = r.ReadString(),
            Mifid2DecisionAlgo = r.ReadString(),
            Mifid2ExecutionTrader = r.ReadString(),
            Mifid2ExecutionAlgo = r.ReadString(),
            DontUseAutoPriceForHedge = r.ReadBool(),
            IsOmsContainer = r.ReadBool(),
            DiscretionaryUpToLimitPrice = r.ReadBool(),
            UsePriceMgmtAlgo = r.ReadBoolNullable(),
            Duration = r.ReadIntMax(),
            PostToAts = r.ReadIntMax(),
            AutoCancelParent = r.ReadBool(),
            AdvancedErrorOverride = r.ReadString(),
            ManualOrderTime = r.ReadString(),
            // PEGBEST_PEGMID_OFFSETS (170): each block only for the order types that use it.
            MinTradeQty = isIbkrAts ? r.ReadIntMax() : null,
            MinCompeteSize = IsPegBest(orderType) ? r.ReadIntMax() : null,
            CompeteAgainstBestOffset = IsPegBest(orderType) ? compete = r.ReadDoubleMax() : null,
            MidOffsetAtWhole = HasMidOffsets(orderType, compete) ? r.ReadDoubleMax() : null,
            MidOffsetAtHalf = HasMidOffsets(orderType, compete) ? r.ReadDoubleMax() : null,
        };

        // Fields of later server versions (customerAccount, ...) are ignored, as IB's own decoders do.
        return (orderId, c, o, secIdType, secId);
    }

    public static void WriteOpenOrder(FieldWriter w, int orderId, Contract c, Order o, OrderState s)
    {
        w.Write(ReplyIds.OpenOrder);
        w.Write(orderId);
        Contract.WriteC11(w, c);
        w.Write(o.Action);
        w.Write(o.TotalQuantity);
        w.Write(o.OrderType);
        w.WriteMax(o.LmtPrice);
        w.WriteMax(o.AuxPrice);
        w.Write(o.Tif);
        w.Write(o.OcaGroup);
        w.Write(o.Account);
        w.Write(o.OpenClose);
        w.Write(o.Origin);
        w.Write(o.OrderRef);
        w.Write(o.ClientId);
        w.Write(o.PermId);
        w.Write(o.OutsideRth);
        w.Write(o.Hidden);
        w.WriteMaxLiteral(o.DiscretionaryAmt);
        w.Write(o.GoodAfterTime);
        w.WriteEmpty(); // sharesAllocation
        w.Write(o.FaGroup);
        w.Write(o.FaMethod);
        w.Write(o.FaPercentage);
        w.Write(o.ModelCode);
        w.Write(o.GoodTillDate);
        w.Write(o.Rule80A);
        w.WriteMax(o.PercentOffset);
        w.Write(o.SettlingFirm);
        w.Write(o.ShortSaleSlot);
        w.Write(o.DesignatedLocation);
        w.Write(o.ExemptCode);
        w.Write(o.AuctionStrategy);
        w.WriteMax(o.StartingPrice);
        w.WriteMax(o.StockRefPrice);
        w.WriteMax(o.Delta);
        w.WriteMax(o.StockRangeLower);
        w.WriteMax(o.StockRangeUpper);
        w.WriteMax(o.DisplaySize);
        w.Write(o.BlockOrder);
        w.Write(o.SweepToFill);
        w.Write(o.AllOrNone);
        w.WriteMax(o.MinQty);
        w.Write(o.OcaType);
        w.Write(false); // eTradeOnly
        w.Write(false); // firmQuoteOnly
        w.WriteEmpty(); // nbboPriceCap
        w.Write(o.ParentId);
        w.Write(o.TriggerMethod);
        w.WriteMax(o.Volatility);
        w.WriteMaxLiteral(o.VolatilityType);
        w.Write(o.DeltaNeutralOrderType);
        w.WriteMax(o.DeltaNeutralAuxPrice);
        if (o.DeltaNeutralOrderType.Length > 0)
        {
            w.Write(o.DeltaNeutralConId);
            w.Write(o.DeltaNeutralSettlingFirm);
            w.Write(o.DeltaNeutralClearingAccount);
            w.Write(o.DeltaNeutralClearingIntent);
            w.Write(o.DeltaNeutralOpenClose);
            w.Write(o.DeltaNeutralShortSale);
            w.Write(o.DeltaNeutralShortSaleSlot);
            w.Write(o.DeltaNeutralDesignatedLocation);
        }

        w.Write(o.ContinuousUpdate);
        w.WriteMaxLiteral(o.ReferencePriceType);
        w.WriteMax(o.TrailStopPrice);
        w.WriteMax(o.TrailingPercent);
        w.WriteMax(o.BasisPoints);
        w.WriteMax(o.BasisPointsType);
        w.WriteEmpty(); // comboLegsDescrip
        w.Write(0); // combo legs
        w.Write(0); // order combo leg prices
        w.Write(0); // smart combo routing params
        w.WriteMax(o.ScaleInitLevelSize);
        w.WriteMax(o.ScaleSubsLevelSize);
        w.WriteMax(o.ScalePriceIncrement);
        if (HasScaleDetails(o.ScalePriceIncrement))
        {
            WriteScaleDetails(w, o);
        }

        WriteHedge(w, o);
        w.Write(o.OptOutSmartRouting);
        w.Write(o.ClearingAccount);
        w.Write(o.ClearingIntent);
        w.Write(o.NotHeld);
        DeltaNeutralContract.Write(w, o.DeltaNeutralContract);
        WriteAlgo(w, o);
        w.Write(o.Solicited);
        w.Write(o.WhatIf);
        w.Write(s.Status);
        w.Write(s.InitMarginBefore);
        w.Write(s.MaintMarginBefore);
        w.Write(s.EquityWithLoanBefore);
        w.Write(s.InitMarginChange);
        w.Write(s.MaintMarginChange);
        w.Write(s.EquityWithLoanChange);
        w.Write(s.InitMarginAfter);
        w.Write(s.MaintMarginAfter);
        w.Write(s.EquityWithLoanAfter);
        w.WriteMax(s.Commission);
        w.WriteMax(s.MinCommission);
        w.WriteMax(s.MaxCommission);
        w.Write(s.CommissionCurrency);
        w.Write(s.WarningText);
        w.Write(o.RandomizeSize);
        w.Write(o.RandomizePrice);
        if (IsPegBench(o.OrderType))
        {
            WritePegBench(w, o);
        }

        WriteConditions(w, o);
        w.Write(o.AdjustedOrderType);
        w.WriteMax(o.TriggerPrice);
        w.WriteMax(o.TrailStopPrice);
        w.WriteMax(o.LmtPriceOffset);
        w.WriteMax(o.AdjustedStopPrice);
        w.WriteMax(o.AdjustedStopLimitPrice);
        w.WriteMax(o.AdjustedTrailingAmount);
        w.Write(o.AdjustableTrailingUnit);
        w.Write(o.SoftDollarTierName);
        w.Write(o.SoftDollarTierValue);
        w.Write(o.SoftDollarTierDisplayName);
        w.WriteMax(o.CashQty);
        w.Write(o.DontUseAutoPriceForHedge);
        w.Write(o.IsOmsContainer);
        w.Write(o.DiscretionaryUpToLimitPrice);
        w.Write(o.UsePriceMgmtAlgo);
        w.WriteMaxLiteral(o.Duration);
        w.WriteMax(o.PostToAts);
        w.Write(o.AutoCancelParent);
        // At 178 these five are unconditional in openOrder (unlike placeOrder).
        w.WriteMax(o.MinTradeQty);
        w.WriteMax(o.MinCompeteSize);
        w.WriteMax(o.CompeteAgainstBestOffset);
        w.WriteMax(o.MidOffsetAtWhole);
        w.WriteMax(o.MidOffsetAtHalf);
    }

    public static (int OrderId, Contract Contract, Order Order, OrderState State) ReadOpenOrder(ref FieldReader r)
    {
        var orderId = r.ReadInt();
        var c = Contract.ReadC11(ref r);

        // As in ReadPlaceOrder: one initializer in wire order, conditions on values captured earlier.
        string orderType, dnType, hedgeType, algo;
        double? scaleIncrement;
        int conditionCount;
        OrderState? state = null;
        var o = new Order
        {
            Action = r.ReadString(),
            TotalQuantity = r.ReadDecimal(),
            OrderType = orderType = r.ReadString(),
            LmtPrice = r.ReadDoubleMax(),
            AuxPrice = r.ReadDoubleMax(),
            Tif = r.ReadString(),
            OcaGroup = r.ReadString(),
            Account = r.ReadString(),
            OpenClose = r.ReadString(),
            Origin = r.ReadInt(),
            OrderRef = r.ReadString(),
            ClientId = r.ReadInt(),
            PermId = r.ReadLong(),
            OutsideRth = r.ReadBool(),
            Hidden = r.ReadBool(),
            DiscretionaryAmt = r.ReadDoubleMax(),
            GoodAfterTime = r.ReadString(),
            FaGroup = Skip(ref r, 1).ReadString(), // after sharesAllocation
            FaMethod = r.ReadString(),
            FaPercentage = r.ReadString(),
            ModelCode = r.ReadString(),
            GoodTillDate = r.ReadString(),
            Rule80A = r.ReadString(),
            PercentOffset = r.ReadDoubleMax(),
            SettlingFirm = r.ReadString(),
            ShortSaleSlot = r.ReadInt(),
            DesignatedLocation = r.ReadString(),
            ExemptCode = r.ReadInt(),
            AuctionStrategy = r.ReadInt(),
            StartingPrice = r.ReadDoubleMax(),
            StockRefPrice = r.ReadDoubleMax(),
            Delta = r.ReadDoubleMax(),
            StockRangeLower = r.ReadDoubleMax(),
            StockRangeUpper = r.ReadDoubleMax(),
            DisplaySize = r.ReadIntMax(),
            BlockOrder = r.ReadBool(),
            SweepToFill = r.ReadBool(),
            AllOrNone = r.ReadBool(),
            MinQty = r.ReadIntMax(),
            OcaType = r.ReadInt(),
            ParentId = Skip(ref r, 3).ReadInt(), // after eTradeOnly, firmQuoteOnly, nbboPriceCap
            TriggerMethod = r.ReadInt(),
            Volatility = r.ReadDoubleMax(),
            VolatilityType = r.ReadIntMax(),
            DeltaNeutralOrderType = dnType = r.ReadString(),
            DeltaNeutralAuxPrice = r.ReadDoubleMax(),
            DeltaNeutralConId = dnType.Length > 0 ? r.ReadInt() : 0,
            DeltaNeutralSettlingFirm = dnType.Length > 0 ? r.ReadString() : "",
            DeltaNeutralClearingAccount = dnType.Length > 0 ? r.ReadString() : "",
            DeltaNeutralClearingIntent = dnType.Length > 0 ? r.ReadString() : "",
            DeltaNeutralOpenClose = dnType.Length > 0 ? r.ReadString() : "",
            DeltaNeutralShortSale = dnType.Length > 0 && r.ReadBool(),
            DeltaNeutralShortSaleSlot = dnType.Length > 0 ? r.ReadInt() : 0,
            DeltaNeutralDesignatedLocation = dnType.Length > 0 ? r.ReadString() : "",
            ContinuousUpdate = r.ReadBool(),
            ReferencePriceType = r.ReadIntMax(),
            // trailStopPrice is sent here and again further on; IB's decoder keeps the later one.
            TrailingPercent = Skip(ref r, 1).ReadDoubleMax(),
            BasisPoints = r.ReadDoubleMax(),
            BasisPointsType = r.ReadIntMax(),
            // comboLegsDescrip, combo legs, order combo leg prices, smart combo routing params: never ours.
            ScaleInitLevelSize = SkipComboBlock(ref r).ReadIntMax(),
            ScaleSubsLevelSize = r.ReadIntMax(),
            ScalePriceIncrement = scaleIncrement = r.ReadDoubleMax(),
            ScalePriceAdjustValue = HasScaleDetails(scaleIncrement) ? r.ReadDoubleMax() : null,
            ScalePriceAdjustInterval = HasScaleDetails(scaleIncrement) ? r.ReadIntMax() : null,
            ScaleProfitOffset = HasScaleDetails(scaleIncrement) ? r.ReadDoubleMax() : null,
            ScaleAutoReset = HasScaleDetails(scaleIncrement) && r.ReadBool(),
            ScaleInitPosition = HasScaleDetails(scaleIncrement) ? r.ReadIntMax() : null,
            ScaleInitFillQty = HasScaleDetails(scaleIncrement) ? r.ReadIntMax() : null,
            ScaleRandomPercent = HasScaleDetails(scaleIncrement) && r.ReadBool(),
            HedgeType = hedgeType = r.ReadString(),
            HedgeParam = hedgeType.Length > 0 ? r.ReadString() : "",
            OptOutSmartRouting = r.ReadBool(),
            ClearingAccount = r.ReadString(),
            ClearingIntent = r.ReadString(),
            NotHeld = r.ReadBool(),
            DeltaNeutralContract = DeltaNeutralContract.Read(ref r),
            AlgoStrategy = algo = r.ReadString(),
            AlgoParams = algo.Length > 0 ? TagValue.ReadCounted(ref r) : EquatableList<TagValue>.Empty,
            Solicited = r.ReadBool(),
            WhatIf = r.ReadBool(),
            // The order state sits in the middle of the order's fields.
            RandomizeSize = ReadState(ref r, out state).ReadBool(),
            RandomizePrice = r.ReadBool(),
            ReferenceContractId = IsPegBench(orderType) ? r.ReadInt() : 0,
            IsPeggedChangeAmountDecrease = IsPegBench(orderType) && r.ReadBool(),
            PeggedChangeAmount = IsPegBench(orderType) ? r.ReadDouble() : 0,
            ReferenceChangeAmount = IsPegBench(orderType) ? r.ReadDouble() : 0,
            ReferenceExchangeId = IsPegBench(orderType) ? r.ReadString() : "",
            Conditions = ReadConditions(ref r, out conditionCount),
            ConditionsIgnoreRth = conditionCount > 0 && r.ReadBool(),
            ConditionsCancelOrder = conditionCount > 0 && r.ReadBool(),
            AdjustedOrderType = r.ReadString(),
            TriggerPrice = r.ReadDoubleMax(),
            TrailStopPrice = r.ReadDoubleMax(),
            LmtPriceOffset = r.ReadDoubleMax(),
            AdjustedStopPrice = r.ReadDoubleMax(),
            AdjustedStopLimitPrice = r.ReadDoubleMax(),
            AdjustedTrailingAmount = r.ReadDoubleMax(),
            AdjustableTrailingUnit = r.ReadInt(),
            SoftDollarTierName = r.ReadString(),
            SoftDollarTierValue = r.ReadString(),
            SoftDollarTierDisplayName = r.ReadString(),
            CashQty = r.ReadDoubleMax(),
            DontUseAutoPriceForHedge = r.ReadBool(),
            IsOmsContainer = r.ReadBool(),
            DiscretionaryUpToLimitPrice = r.ReadBool(),
            UsePriceMgmtAlgo = r.ReadBoolNullable(),
            Duration = r.ReadIntMax(),
            PostToAts = r.ReadIntMax(),
            AutoCancelParent = r.ReadBool(),
            MinTradeQty = r.ReadIntMax(),
            MinCompeteSize = r.ReadIntMax(),
            CompeteAgainstBestOffset = r.ReadDoubleMax(),
            MidOffsetAtWhole = r.ReadDoubleMax(),
            MidOffsetAtHalf = r.ReadDoubleMax(),
        };
        return (orderId, c, o, state!);
    }

    /// <summary>
    /// completedOrder (101) at 178, IB's EDecoder.processCompletedOrderMsg: no version, no orderId and no
    /// clientId (a completed order is known by permId and orderRef). Like openOrder, but without
    /// auctionStrategy, blockOrder, the three dropped flags, parentId, basisPoints, optOutSmartRouting,
    /// whatIf and the what-if state; the delta-neutral block lacks settlingFirm, clearing and openClose;
    /// after the conditions come the completed-order fields, then the five PEG fields.
    /// </summary>
    public static void WriteCompletedOrder(FieldWriter w, Contract c, Order o, OrderState s)
    {
        w.Write(ReplyIds.CompletedOrder);
        Contract.WriteC11(w, c);
        w.Write(o.Action);
        w.Write(o.TotalQuantity);
        w.Write(o.OrderType);
        w.WriteMax(o.LmtPrice);
        w.WriteMax(o.AuxPrice);
        w.Write(o.Tif);
        w.Write(o.OcaGroup);
        w.Write(o.Account);
        w.Write(o.OpenClose);
        w.Write(o.Origin);
        w.Write(o.OrderRef);
        w.Write(o.PermId);
        w.Write(o.OutsideRth);
        w.Write(o.Hidden);
        w.WriteMaxLiteral(o.DiscretionaryAmt);
        w.Write(o.GoodAfterTime);
        w.Write(o.FaGroup);
        w.Write(o.FaMethod);
        w.Write(o.FaPercentage);
        w.Write(o.ModelCode);
        w.Write(o.GoodTillDate);
        w.Write(o.Rule80A);
        w.WriteMax(o.PercentOffset);
        w.Write(o.SettlingFirm);
        w.Write(o.ShortSaleSlot);
        w.Write(o.DesignatedLocation);
        w.Write(o.ExemptCode);
        w.WriteMax(o.StartingPrice);
        w.WriteMax(o.StockRefPrice);
        w.WriteMax(o.Delta);
        w.WriteMax(o.StockRangeLower);
        w.WriteMax(o.StockRangeUpper);
        w.WriteMax(o.DisplaySize);
        w.Write(o.SweepToFill);
        w.Write(o.AllOrNone);
        w.WriteMax(o.MinQty);
        w.Write(o.OcaType);
        w.Write(o.TriggerMethod);
        w.WriteMax(o.Volatility);
        w.WriteMaxLiteral(o.VolatilityType);
        w.Write(o.DeltaNeutralOrderType);
        w.WriteMax(o.DeltaNeutralAuxPrice);
        if (o.DeltaNeutralOrderType.Length > 0)
        {
            w.Write(o.DeltaNeutralConId);
            w.Write(o.DeltaNeutralShortSale);
            w.Write(o.DeltaNeutralShortSaleSlot);
            w.Write(o.DeltaNeutralDesignatedLocation);
        }

        w.Write(o.ContinuousUpdate);
        w.WriteMaxLiteral(o.ReferencePriceType);
        w.WriteMax(o.TrailStopPrice);
        w.WriteMax(o.TrailingPercent);
        w.WriteEmpty(); // comboLegsDescrip
        w.Write(0); // combo legs
        w.Write(0); // order combo leg prices
        w.Write(0); // smart combo routing params
        w.WriteMax(o.ScaleInitLevelSize);
        w.WriteMax(o.ScaleSubsLevelSize);
        w.WriteMax(o.ScalePriceIncrement);
        if (HasScaleDetails(o.ScalePriceIncrement))
        {
            WriteScaleDetails(w, o);
        }

        WriteHedge(w, o);
        w.Write(o.ClearingAccount);
        w.Write(o.ClearingIntent);
        w.Write(o.NotHeld);
        DeltaNeutralContract.Write(w, o.DeltaNeutralContract);
        WriteAlgo(w, o);
        w.Write(o.Solicited);
        w.Write(s.Status);
        w.Write(o.RandomizeSize);
        w.Write(o.RandomizePrice);
        if (IsPegBench(o.OrderType))
        {
            WritePegBench(w, o);
        }

        WriteConditions(w, o);
        w.WriteMax(o.TrailStopPrice); // sent a second time here, as in openOrder
        w.WriteMax(o.LmtPriceOffset);
        w.WriteMax(o.CashQty);
        w.Write(o.DontUseAutoPriceForHedge);
        w.Write(o.IsOmsContainer);
        w.Write(o.AutoCancelDate);
        w.Write(o.FilledQuantity);
        w.Write(o.RefFuturesConId);
        w.Write(o.AutoCancelParent);
        w.Write(o.Shareholder);
        w.Write(o.ImbalanceOnly);
        w.Write(o.RouteMarketableToBbo);
        w.Write(o.ParentPermId);
        w.Write(s.CompletedTime);
        w.Write(s.CompletedStatus);
        w.WriteMax(o.MinTradeQty);
        w.WriteMax(o.MinCompeteSize);
        w.WriteMax(o.CompeteAgainstBestOffset);
        w.WriteMax(o.MidOffsetAtWhole);
        w.WriteMax(o.MidOffsetAtHalf);
    }

    public static (Contract Contract, Order Order, OrderState State) ReadCompletedOrder(ref FieldReader r)
    {
        var c = Contract.ReadC11(ref r);

        // As in ReadOpenOrder: one initializer in wire order, conditions on values captured earlier.
        string orderType, dnType, hedgeType, algo;
        double? scaleIncrement;
        int conditionCount;
        string status, completedTime, completedStatus;
        var o = new Order
        {
            Action = r.ReadString(),
            TotalQuantity = r.ReadDecimal(),
            OrderType = orderType = r.ReadString(),
            LmtPrice = r.ReadDoubleMax(),
            AuxPrice = r.ReadDoubleMax(),
            Tif = r.ReadString(),
            OcaGroup = r.ReadString(),
            Account = r.ReadString(),
            OpenClose = r.ReadString(),
            Origin = r.ReadInt(),
            OrderRef = r.ReadString(),
            PermId = r.ReadLong(),
            OutsideRth = r.ReadBool(),
            Hidden = r.ReadBool(),
            DiscretionaryAmt = r.ReadDoubleMax(),
            GoodAfterTime = r.ReadString(),
            FaGroup = r.ReadString(),
            FaMethod = r.ReadString(),
            FaPercentage = r.ReadString(),
            ModelCode = r.ReadString(),
            GoodTillDate = r.ReadString(),
            Rule80A = r.ReadString(),
            PercentOffset = r.ReadDoubleMax(),
            SettlingFirm = r.ReadString(),
            ShortSaleSlot = r.ReadInt(),
            DesignatedLocation = r.ReadString(),
            ExemptCode = r.ReadInt(),
            StartingPrice = r.ReadDoubleMax(),
            StockRefPrice = r.ReadDoubleMax(),
            Delta = r.ReadDoubleMax(),
            StockRangeLower = r.ReadDoubleMax(),
            StockRangeUpper = r.ReadDoubleMax(),
            DisplaySize = r.ReadIntMax(),
            SweepToFill = r.ReadBool(),
            AllOrNone = r.ReadBool(),
            MinQty = r.ReadIntMax(),
            OcaType = r.ReadInt(),
            TriggerMethod = r.ReadInt(),
            Volatility = r.ReadDoubleMax(),
            VolatilityType = r.ReadIntMax(),
            DeltaNeutralOrderType = dnType = r.ReadString(),
            DeltaNeutralAuxPrice = r.ReadDoubleMax(),
            DeltaNeutralConId = dnType.Length > 0 ? r.ReadInt() : 0,
            DeltaNeutralShortSale = dnType.Length > 0 && r.ReadBool(),
            DeltaNeutralShortSaleSlot = dnType.Length > 0 ? r.ReadInt() : 0,
            DeltaNeutralDesignatedLocation = dnType.Length > 0 ? r.ReadString() : "",
            ContinuousUpdate = r.ReadBool(),
            ReferencePriceType = r.ReadIntMax(),
            // trailStopPrice is sent here and again after the conditions; IB's decoder keeps the later one.
            TrailingPercent = Skip(ref r, 1).ReadDoubleMax(),
            ScaleInitLevelSize = SkipComboBlock(ref r).ReadIntMax(),
            ScaleSubsLevelSize = r.ReadIntMax(),
            ScalePriceIncrement = scaleIncrement = r.ReadDoubleMax(),
            ScalePriceAdjustValue = HasScaleDetails(scaleIncrement) ? r.ReadDoubleMax() : null,
            ScalePriceAdjustInterval = HasScaleDetails(scaleIncrement) ? r.ReadIntMax() : null,
            ScaleProfitOffset = HasScaleDetails(scaleIncrement) ? r.ReadDoubleMax() : null,
            ScaleAutoReset = HasScaleDetails(scaleIncrement) && r.ReadBool(),
            ScaleInitPosition = HasScaleDetails(scaleIncrement) ? r.ReadIntMax() : null,
            ScaleInitFillQty = HasScaleDetails(scaleIncrement) ? r.ReadIntMax() : null,
            ScaleRandomPercent = HasScaleDetails(scaleIncrement) && r.ReadBool(),
            HedgeType = hedgeType = r.ReadString(),
            HedgeParam = hedgeType.Length > 0 ? r.ReadString() : "",
            ClearingAccount = r.ReadString(),
            ClearingIntent = r.ReadString(),
            NotHeld = r.ReadBool(),
            DeltaNeutralContract = DeltaNeutralContract.Read(ref r),
            AlgoStrategy = algo = r.ReadString(),
            AlgoParams = algo.Length > 0 ? TagValue.ReadCounted(ref r) : EquatableList<TagValue>.Empty,
            Solicited = r.ReadBool(),
            // The order's status sits between solicited and the randomize flags.
            RandomizeSize = ReadStatus(ref r, out status).ReadBool(),
            RandomizePrice = r.ReadBool(),
            ReferenceContractId = IsPegBench(orderType) ? r.ReadInt() : 0,
            IsPeggedChangeAmountDecrease = IsPegBench(orderType) && r.ReadBool(),
            PeggedChangeAmount = IsPegBench(orderType) ? r.ReadDouble() : 0,
            ReferenceChangeAmount = IsPegBench(orderType) ? r.ReadDouble() : 0,
            ReferenceExchangeId = IsPegBench(orderType) ? r.ReadString() : "",
            Conditions = ReadConditions(ref r, out conditionCount),
            ConditionsIgnoreRth = conditionCount > 0 && r.ReadBool(),
            ConditionsCancelOrder = conditionCount > 0 && r.ReadBool(),
            TrailStopPrice = r.ReadDoubleMax(),
            LmtPriceOffset = r.ReadDoubleMax(),
            CashQty = r.ReadDoubleMax(),
            DontUseAutoPriceForHedge = r.ReadBool(),
            IsOmsContainer = r.ReadBool(),
            AutoCancelDate = r.ReadString(),
            FilledQuantity = r.ReadDecimal(),
            RefFuturesConId = r.ReadInt(),
            AutoCancelParent = r.ReadBool(),
            Shareholder = r.ReadString(),
            ImbalanceOnly = r.ReadBool(),
            RouteMarketableToBbo = r.ReadBool(),
            ParentPermId = r.ReadLong(),
            // completedTime and completedStatus belong to the state; the PEG fields follow them.
            MinTradeQty = ReadCompletion(ref r, out completedTime, out completedStatus).ReadIntMax(),
            MinCompeteSize = r.ReadIntMax(),
            CompeteAgainstBestOffset = r.ReadDoubleMax(),
            MidOffsetAtWhole = r.ReadDoubleMax(),
            MidOffsetAtHalf = r.ReadDoubleMax(),
        };
        return (c, o, new OrderState { Status = status, CompletedTime = completedTime, CompletedStatus = completedStatus });
    }

    /// <summary>Steps over fields and hands the reader back, so a skip can sit inside an initializer.</summary>
    private static ref FieldReader Skip(ref FieldReader r, int count)
    {
        r.Skip(count);
        return ref r;
    }

    private static ref FieldReader ReadStatus(ref FieldReader r, out string status)
    {
        status = r.ReadString();
        return ref r;
    }

    private static ref FieldReader ReadCompletion(ref FieldReader r, out string completedTime, out string completedStatus)
    {
        completedTime = r.ReadString();
        completedStatus = r.ReadString();
        return ref r;
    }

    private static ref FieldReader SkipBagAndSharesAllocation(ref FieldReader r, bool isBag)
    {
        if (isBag)
        {
            r.Skip(r.ReadCount() * ComboLegs.OrderLegFields);
            r.Skip(r.ReadCount());
            TagValue.ReadCounted(ref r);
        }

        r.Skip();
        return ref r;
    }

    private static ref FieldReader SkipComboBlock(ref FieldReader r)
    {
        r.Skip();
        r.Skip(r.ReadCount() * ComboLegs.OrderLegFields);
        r.Skip(r.ReadCount());
        TagValue.ReadCounted(ref r);
        return ref r;
    }

    private static ref FieldReader ReadState(ref FieldReader r, out OrderState state)
    {
        state = new OrderState
        {
            Status = r.ReadString(),
            InitMarginBefore = r.ReadString(),
            MaintMarginBefore = r.ReadString(),
            EquityWithLoanBefore = r.ReadString(),
            InitMarginChange = r.ReadString(),
            MaintMarginChange = r.ReadString(),
            EquityWithLoanChange = r.ReadString(),
            InitMarginAfter = r.ReadString(),
            MaintMarginAfter = r.ReadString(),
            EquityWithLoanAfter = r.ReadString(),
            Commission = r.ReadDoubleMax(),
            MinCommission = r.ReadDoubleMax(),
            MaxCommission = r.ReadDoubleMax(),
            CommissionCurrency = r.ReadString(),
            WarningText = r.ReadString(),
        };
        return ref r;
    }

    private static bool HasScaleDetails(double? scalePriceIncrement) => scalePriceIncrement is > 0 and < double.MaxValue;

    private static bool IsPegBench(string orderType) => orderType is "PEG BENCH" or "PEGBENCH";

    private static bool IsPegBest(string orderType) => orderType is "PEG BEST" or "PEGBEST";

    private static bool HasMidOffsets(string orderType, double? competeAgainstBestOffset) =>
        orderType is "PEG MID" or "PEGMID" || (IsPegBest(orderType) && competeAgainstBestOffset is double.PositiveInfinity);

    private static void WriteScaleDetails(FieldWriter w, Order o)
    {
        w.WriteMax(o.ScalePriceAdjustValue);
        w.WriteMax(o.ScalePriceAdjustInterval);
        w.WriteMax(o.ScaleProfitOffset);
        w.Write(o.ScaleAutoReset);
        w.WriteMax(o.ScaleInitPosition);
        w.WriteMax(o.ScaleInitFillQty);
        w.Write(o.ScaleRandomPercent);
    }

    private static void WriteHedge(FieldWriter w, Order o)
    {
        w.Write(o.HedgeType);
        if (o.HedgeType.Length > 0)
        {
            w.Write(o.HedgeParam);
        }
    }

    private static void WriteAlgo(FieldWriter w, Order o)
    {
        w.Write(o.AlgoStrategy);
        if (o.AlgoStrategy.Length > 0)
        {
            TagValue.WriteCounted(w, o.AlgoParams);
        }
    }

    private static void WritePegBench(FieldWriter w, Order o)
    {
        w.Write(o.ReferenceContractId);
        w.Write(o.IsPeggedChangeAmountDecrease);
        w.Write(o.PeggedChangeAmount);
        w.Write(o.ReferenceChangeAmount);
        w.Write(o.ReferenceExchangeId);
    }

    private static void WriteConditions(FieldWriter w, Order o)
    {
        w.Write(o.Conditions.Count);
        if (o.Conditions.Count == 0)
        {
            return;
        }

        foreach (var condition in o.Conditions)
        {
            w.Write(condition.Type);
            foreach (var field in condition.Fields)
            {
                w.Write(field);
            }
        }

        w.Write(o.ConditionsIgnoreRth);
        w.Write(o.ConditionsCancelOrder);
    }

    private static EquatableList<OrderCondition> ReadConditions(ref FieldReader r, out int count)
    {
        count = r.ReadCount();
        if (count == 0)
        {
            return EquatableList<OrderCondition>.Empty;
        }

        var conditions = new OrderCondition[count];
        for (var i = 0; i < count; i++)
        {
            var type = r.ReadInt();
            var fieldCount = OrderCondition.FieldCount(type);
            if (fieldCount < 0)
            {
                throw new TwsProtocolException($"field {r.FieldIndex - 1}: unknown order condition type {type}");
            }

            var fields = new string[fieldCount];
            for (var f = 0; f < fieldCount; f++)
            {
                fields[f] = r.ReadString();
            }

            conditions[i] = new OrderCondition(type, fields);
        }

        return conditions;
    }
}
