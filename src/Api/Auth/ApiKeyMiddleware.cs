using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace WheelStrat.Api.Auth;

/// <summary>
/// Every route but the open ones needs X-API-KEY. Keys are compared as SHA-256 digests with a
/// fixed-time comparison against every configured key, so neither the length nor the position of a
/// mismatch leaks through timing. The key is never logged.
/// </summary>
public sealed partial class ApiKeyMiddleware(RequestDelegate next, IOptionsMonitor<ApiKeyOptions> options, ILogger<ApiKeyMiddleware> log)
{
    public const string Header = "X-API-KEY";

    private static readonly PathString[] OpenPaths = ["/ping", "/health", "/metrics", "/status"];

    public async Task InvokeAsync(HttpContext context)
    {
        if (IsOpen(context.Request.Path) || IsValid(context.Request.Headers[Header].ToString()) || Streaming.StreamEndpoints.HasValidTicket(context))
        {
            await next(context);
            return;
        }

        LogRejected(log, context.Request.Method, context.Request.Path, context.Connection.RemoteIpAddress?.ToString());
        await Results.Problem(
                statusCode: StatusCodes.Status401Unauthorized,
                title: "Missing or invalid API key",
                detail: $"Send a valid key in the {Header} header.")
            .ExecuteAsync(context);
    }

    public static bool IsOpen(PathString path) =>
        OpenPaths.Any(p => path.Equals(p, StringComparison.OrdinalIgnoreCase)) || path.StartsWithSegments("/openapi");

    private bool IsValid(string presented)
    {
        if (presented.Length == 0)
        {
            return false;
        }

        var presentedHash = SHA256.HashData(Encoding.UTF8.GetBytes(presented));
        var match = false;
        foreach (var key in options.CurrentValue.Keys)
        {
            // No early exit: the time taken does not depend on which key matched.
            match |= CryptographicOperations.FixedTimeEquals(presentedHash, SHA256.HashData(Encoding.UTF8.GetBytes(key)));
        }

        return match;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Rejected {Method} {Path} from {RemoteIp}: missing or invalid API key")]
    private static partial void LogRejected(ILogger logger, string method, string path, string? remoteIp);
}
