using System.Net;
using System.Net.Sockets;

namespace WheelStrat.EndToEnd.Support;

/// <summary>
/// A gateway that accepts TCP connections and never says a word — the failure that hung the old
/// bridge. Independent of the simulator on purpose: the most basic fault needs no IB semantics.
/// </summary>
public sealed class StallingGateway : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly List<Socket> _held = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;

    public StallingGateway()
    {
        _listener.Start();
        _accepting = Task.Run(async () =>
        {
            while (!_stop.IsCancellationRequested)
            {
                try
                {
                    var socket = await _listener.AcceptSocketAsync(_stop.Token);
                    lock (_held)
                    {
                        _held.Add(socket);
                    }
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        });
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public int Accepted
    {
        get
        {
            lock (_held)
            {
                return _held.Count;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting;
        lock (_held)
        {
            _held.ForEach(s => s.Dispose());
        }

        _stop.Dispose();
    }
}
