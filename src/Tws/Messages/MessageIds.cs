namespace WheelStrat.Tws.Messages;

/// <summary>Client → server message ids (IB's EClient constants).</summary>
public static class RequestIds
{
    public const int ReqMktData = 1;
    public const int CancelMktData = 2;
    public const int PlaceOrder = 3;
    public const int CancelOrder = 4;
    public const int ReqOpenOrders = 5;
    public const int ReqAccountUpdates = 6;
    public const int ReqExecutions = 7;
    public const int ReqIds = 8;
    public const int ReqContractDetails = 9;
    public const int ReqAutoOpenOrders = 15;
    public const int ReqAllOpenOrders = 16;
    public const int ReqManagedAccts = 17;
    public const int ReqHistoricalData = 20;
    public const int CancelHistoricalData = 25;
    public const int ReqCurrentTime = 49;
    public const int ReqMarketDataType = 59;
    public const int ReqPositions = 61;
    public const int ReqAccountSummary = 62;
    public const int CancelAccountSummary = 63;
    public const int CancelPositions = 64;
    public const int StartApi = 71;
    public const int ReqAccountUpdatesMulti = 76;
    public const int CancelAccountUpdatesMulti = 77;
    public const int ReqSecDefOptParams = 78;
    public const int ReqCompletedOrders = 99;
}

/// <summary>Server → client message ids (IB's EDecoder constants).</summary>
public static class ReplyIds
{
    public const int TickPrice = 1;
    public const int TickSize = 2;
    public const int OrderStatus = 3;
    public const int ErrMsg = 4;
    public const int OpenOrder = 5;
    public const int UpdateAccountValue = 6;
    public const int UpdatePortfolio = 7;
    public const int UpdateAccountTime = 8;
    public const int NextValidId = 9;
    public const int ContractData = 10;
    public const int ExecDetails = 11;
    public const int ManagedAccounts = 15;
    public const int HistoricalData = 17;
    public const int TickOptionComputation = 21;
    public const int TickGeneric = 45;
    public const int TickString = 46;
    public const int CurrentTime = 49;
    public const int ContractDataEnd = 52;
    public const int OpenOrderEnd = 53;
    public const int AccountDownloadEnd = 54;
    public const int ExecDetailsEnd = 55;
    public const int TickSnapshotEnd = 57;
    public const int MarketDataType = 58;
    public const int CommissionReport = 59;
    public const int Position = 61;
    public const int PositionEnd = 62;
    public const int AccountSummary = 63;
    public const int AccountSummaryEnd = 64;
    public const int AccountUpdateMulti = 73;
    public const int AccountUpdateMultiEnd = 74;
    public const int SecDefOptParameter = 75;
    public const int SecDefOptParameterEnd = 76;
    public const int TickReqParams = 81;
    public const int HistoricalDataUpdate = 90;
    public const int CompletedOrder = 101;
    public const int CompletedOrdersEnd = 102;
}
