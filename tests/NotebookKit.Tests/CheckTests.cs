namespace NotebookKit.Tests;

public sealed class CheckTests
{
    [Fact]
    public void Close_WithinTolerance_Passes_Outside_ThrowsWithBothValues()
    {
        Check.Close(2.0, 2.05, 0.1, "slope");
        var error = Assert.Throws<CheckFailedException>(() => Check.Close(2.0, 2.5, 0.1, "slope"));
        Assert.Contains("slope should be 2 ± 0.1, got 2.5", error.Message);
    }

    [Fact]
    public void Close_NaN_Fails()
    {
        Assert.Throws<CheckFailedException>(() => Check.Close(1.0, double.NaN, 1.0, "loss"));
    }

    [Fact]
    public void Equal_Different_ThrowsWithExpectedAndActual()
    {
        var error = Assert.Throws<CheckFailedException>(() => Check.Equal(0, 3, "mistakes"));
        Assert.Contains("mistakes should be 0, got 3", error.Message);
    }

    [Fact]
    public void Shape_Mismatch_ShowsBothShapes()
    {
        var error = Assert.Throws<CheckFailedException>(() => Check.Shape([2, 3], [3, 2], "x"));
        Assert.Contains("(3, 2), got (2, 3)", error.Message);
    }

    [Fact]
    public void That_And_Between()
    {
        Check.That(true, "nothing");
        Check.Between(0, 1, 0.5, "p");
        Assert.Throws<CheckFailedException>(() => Check.That(false, "something"));
        Assert.Throws<CheckFailedException>(() => Check.Between(0, 1, 1.5, "p"));
    }
}
