using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace WheelStrat.Api.Validation;

/// <summary>Collects field errors; the result is a 400 problem that names every bad field.</summary>
public sealed class Errors
{
    private readonly Dictionary<string, List<string>> _byField = [];

    public bool Any => _byField.Count > 0;

    public void Add(string field, string message)
    {
        if (!_byField.TryGetValue(field, out var list))
        {
            _byField[field] = list = [];
        }

        list.Add(message);
    }

    /// <summary>A ProblemHttpResult (as Results.ValidationProblem makes), so endpoints list one problem type in their Results.</summary>
    public ProblemHttpResult ToProblem() => TypedResults.Problem(new HttpValidationProblemDetails(_byField.ToDictionary(kv => kv.Key, kv => kv.Value.ToArray()))
    {
        Status = StatusCodes.Status400BadRequest,
        Title = "Invalid request",
        Detail = string.Join("; ", _byField.Select(kv => $"{kv.Key}: {string.Join(", ", kv.Value)}")),
    });
}
