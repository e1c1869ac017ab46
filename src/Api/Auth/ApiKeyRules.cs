using Microsoft.Extensions.Options;
using WheelStrat.Actors;

namespace WheelStrat.Api.Auth;

/// <summary>
/// What makes a configured API key acceptable at start: present, not a placeholder from the repository, and (outside
/// --simulator) at least <see cref="MinimumLength"/> characters. The reason names the key by position, never by value.
/// </summary>
public sealed class ApiKeyRules : IValidateOptions<ApiKeyOptions>
{
    public const int MinimumLength = 32;

    public ValidateOptionsResult Validate(string? name, ApiKeyOptions options)
    {
        if (options.Keys.Length == 0)
        {
            return ValidateOptionsResult.Fail(
                "no API key configured: set WHEELSTRAT_API_KEY (comma-separated for rotation; generate one with: openssl rand -hex 32)");
        }

        var failures = options.Keys.Select((key, i) => Problem(key, options.AllowShortKeys) is { } p ? $"API key #{i + 1} {p}" : null)
            .OfType<string>()
            .ToList();
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    public static string? Problem(string key, bool allowShort) =>
        Placeholders.IsPlaceholder(key)
            ? "is a placeholder from the repository's examples; generate one with: openssl rand -hex 32"
            : !allowShort && key.Length < MinimumLength
                ? $"has {key.Length} characters; at least {MinimumLength} are required (openssl rand -hex 32 makes 64)"
                : key.Length == 0 ? "is empty" : null;
}
