namespace WheelStrat.Actors.Orders;

/// <summary>
/// Published on the EventStream whenever an order's journaled view changes (status, fills, notices): the stream
/// feed records it for /stream. Its own file so the order actor's side of it stays one line.
/// </summary>
public sealed record OrderViewChanged(OrderView View);
