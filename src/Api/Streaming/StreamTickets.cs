using System.Collections.Concurrent;
using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using WheelStrat.Actors.Streaming;

namespace WheelStrat.Api.Streaming;

/// <summary>What POST /stream/tickets answers: open GET /stream?ticket=... with it until <paramref name="ExpiresAt"/>.</summary>
public sealed record StreamTicket(string Ticket, DateTimeOffset ExpiresAt);

/// <summary>
/// Short-lived stream tickets for browsers: EventSource cannot send X-API-KEY, and a key in a URL would end up in
/// logs. A ticket opens (and reopens, for EventSource's own reconnects) streams for the key that asked for it, for
/// Streaming:TicketLifetime; it is counted against that key's stream limit. Kept in memory: a restart ends them.
/// </summary>
public sealed class StreamTickets(IOptions<StreamingOptions> options, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, (string Client, DateTimeOffset ExpiresAt)> _tickets = new();

    public StreamTicket Issue(string client)
    {
        var now = time.GetUtcNow();
        foreach (var (ticket, (_, expires)) in _tickets)
        {
            if (expires <= now)
            {
                _tickets.TryRemove(ticket, out _);
            }
        }

        var issued = new StreamTicket(Convert.ToHexString(RandomNumberGenerator.GetBytes(24)).ToLowerInvariant(), now + options.Value.TicketLifetime);
        _tickets[issued.Ticket] = (client, issued.ExpiresAt);
        return issued;
    }

    /// <summary>The client (key hash) the ticket was issued to, while it is valid.</summary>
    public string? ClientOf(string ticket) =>
        _tickets.TryGetValue(ticket, out var t) && t.ExpiresAt > time.GetUtcNow() ? t.Client : null;
}
