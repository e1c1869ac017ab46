using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace WheelStrat.Api.Validation;

/// <summary>Reads a small JSON body and hands it to a field-by-field parser; too big or not JSON is an error on "body".</summary>
public static class JsonBody
{
    public const int MaxBytes = 16 * 1024;

    public static async Task<T?> ReadAsync<T>(HttpContext http, Errors errors, Func<JsonElement, Errors, T?> parse, CancellationToken ct)
        where T : class
    {
        if (http.Request.ContentLength is > MaxBytes)
        {
            errors.Add("body", $"is larger than {MaxBytes} bytes");
            return null;
        }

        try
        {
            using var doc = await JsonDocument.ParseAsync(http.Request.Body, new JsonDocumentOptions { MaxDepth = 8 }, ct);
            return parse(doc.RootElement, errors);
        }
        catch (JsonException ex)
        {
            errors.Add("body", $"is not valid JSON: {ex.Message}");
            return null;
        }
    }
}
