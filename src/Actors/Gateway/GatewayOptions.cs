using System.ComponentModel.DataAnnotations;

namespace WheelStrat.Actors.Gateway;

/// <summary>How the bridge reaches IB Gateway and how hard it tries. Bound from the "Gateway" section.</summary>
public sealed class GatewayOptions : IValidatableObject
{
    public const string Section = "Gateway";

    [Required]
    public string Host { get; set; } = "127.0.0.1";

    /// <summary>4002 = IB Gateway paper directly; 4004 = through the gateway image's socat relay.</summary>
    [Range(1, 65535)]
    public int Port { get; set; } = 4002;

    /// <summary>
    /// Client ids to use in turn when IB answers 326 (client id already in use). No default here:
    /// the configuration binder appends to a non-empty default array; appsettings.json gives 1, 2, 3.
    /// </summary>
    [MinLength(1)]
    public int[] ClientIds { get; set; } = [];

    /// <summary>Deadline for TCP connect + version handshake.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Deadline for each startup step after the handshake (nextValidId, managedAccounts).</summary>
    public TimeSpan StartupStepTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>reqCurrentTime interval; never faster than once a second.</summary>
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Consecutive unanswered heartbeats that drop the socket.</summary>
    [Range(1, 100)]
    public int HeartbeatMisses { get; set; } = 3;

    public TimeSpan BackoffMin { get; set; } = TimeSpan.FromSeconds(1);

    public TimeSpan BackoffMax { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Random spread added to each backoff delay, as a fraction of it.</summary>
    [Range(0.0, 1.0)]
    public double BackoffJitter { get; set; } = 0.2;

    /// <summary>A connection that stays up this long resets the backoff.</summary>
    public TimeSpan StableAfter { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Connects refused for longer than a daily restart takes mean the gateway sits at its login
    /// screen (weekly re-login with two-factor approval): retries then slow to <see cref="AwaitingLoginRetryInterval"/>.
    /// </summary>
    public TimeSpan AwaitingLoginAfter { get; set; } = TimeSpan.FromMinutes(5);

    public TimeSpan AwaitingLoginRetryInterval { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// This many messages from IB that do not decode within <see cref="DecodeErrorWindow"/> make the session
    /// degraded (each is skipped either way) until a whole window passes without one.
    /// </summary>
    [Range(1, 1_000_000)]
    public int DecodeErrorsDegradeAt { get; set; } = 10;

    public TimeSpan DecodeErrorWindow { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Client→IB messages allowed in any one-second window. IB disconnects a client above 50 (error 100);
    /// the margin covers the handshake's startApi and clock jitter between the two ends.
    /// </summary>
    [Range(1, 50)]
    public int MaxMessagesPerSecond { get; set; } = 45;

    /// <summary>Messages that may wait for the rate, per priority; beyond it a request is refused at once.</summary>
    [Range(1, 100_000)]
    public int OutboundQueueCapacity { get; set; } = 1000;

    /// <summary>How long a request with no deadline of its own may wait for the rate before it is answered unsent.</summary>
    public TimeSpan OutboundQueueWait { get; set; } = TimeSpan.FromSeconds(10);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (HeartbeatInterval < TimeSpan.FromSeconds(1))
        {
            yield return new ValidationResult("must be at least 00:00:01 (IB is not pinged faster than once a second)", [nameof(HeartbeatInterval)]);
        }

        if (BackoffMin <= TimeSpan.Zero || BackoffMax < BackoffMin)
        {
            yield return new ValidationResult("need 0 < BackoffMin <= BackoffMax", [nameof(BackoffMin), nameof(BackoffMax)]);
        }

        if (ConnectTimeout <= TimeSpan.Zero || StartupStepTimeout <= TimeSpan.Zero || OutboundQueueWait <= TimeSpan.Zero)
        {
            yield return new ValidationResult("timeouts must be positive", [nameof(ConnectTimeout), nameof(StartupStepTimeout), nameof(OutboundQueueWait)]);
        }

        if (DecodeErrorWindow <= TimeSpan.Zero)
        {
            yield return new ValidationResult("must be positive", [nameof(DecodeErrorWindow)]);
        }

        if (ClientIds.Distinct().Count() != ClientIds.Length || ClientIds.Any(id => id < 0))
        {
            yield return new ValidationResult("client ids must be distinct and not negative", [nameof(ClientIds)]);
        }
    }
}
