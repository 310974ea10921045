using System.Globalization;

namespace NotebookKit;

/// <summary>
/// "Check your understanding" assertions for notebooks: each failure throws with a message that
/// says what was expected and what came, so a wrong result stops the notebook loudly.
/// </summary>
public static class Check
{
    public static void That(bool condition, string expectation)
    {
        if (!condition) throw new CheckFailedException($"Check failed: expected {expectation}.");
    }

    public static void Equal<T>(T expected, T actual, string what)
    {
        if (!EqualityComparer<T>.Default.Equals(expected, actual))
            throw new CheckFailedException($"Check failed: {what} should be {Show(expected)}, got {Show(actual)}.");
    }

    /// <summary>|actual − expected| ≤ tolerance.</summary>
    public static void Close(double expected, double actual, double tolerance, string what)
    {
        if (!(tolerance >= 0)) throw new ArgumentOutOfRangeException(nameof(tolerance), tolerance, "Expected a non-negative tolerance.");
        if (!(Math.Abs(actual - expected) <= tolerance))
            throw new CheckFailedException($"Check failed: {what} should be {Show(expected)} ± {Show(tolerance)}, got {Show(actual)} (off by {Show(Math.Abs(actual - expected))}).");
    }

    /// <summary>low ≤ actual ≤ high.</summary>
    public static void Between(double low, double high, double actual, string what)
    {
        if (!(actual >= low && actual <= high))
            throw new CheckFailedException($"Check failed: {what} should be between {Show(low)} and {Show(high)}, got {Show(actual)}.");
    }

    /// <summary>The shape of a tensor (or any dimension list) equals the expected one.</summary>
    public static void Shape(IReadOnlyList<long> actual, long[] expected, string what)
    {
        if (!actual.SequenceEqual(expected))
            throw new CheckFailedException($"Check failed: {what} should have shape ({string.Join(", ", expected)}), got ({string.Join(", ", actual)}).");
    }

    private static string Show<T>(T value) => value switch
    {
        null => "null",
        double d => d.ToString("G6", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}

/// <summary>A notebook check did not hold.</summary>
public sealed class CheckFailedException(string message) : Exception(message);
