using System.Globalization;
using NotebookKit.Display;

namespace NotebookKit.Tests.Display;

/// <summary>The text shown for a value without an HTML view (engine, kernel and exported apps share it).</summary>
public sealed class PlainTextTests
{
    private sealed record Point(int X, int Y);

    private sealed class Bag : List<int>;

    [Fact]
    public void Scalars_AreInvariant_WhateverTheCulture()
    {
        var before = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("de-DE");
            Assert.Equal("1.5", PlainText.Of(1.5));
            Assert.Equal("12/04/2026 00:00:00", PlainText.Of(new DateTime(2026, 12, 4)));
        }
        finally { CultureInfo.CurrentCulture = before; }
        Assert.Equal("<null>", PlainText.Of(null));
        Assert.Equal("text", PlainText.Of("text"));
    }

    [Fact]
    public void Collections_ShowTheirFirstItems_ThenDots()
    {
        Assert.Equal("[ 1, 2, 3 ]", PlainText.Of(new[] { 1, 2, 3 }));
        Assert.Equal("[  ]", PlainText.Of(Array.Empty<int>()));
        Assert.Equal("[ " + string.Join(", ", Enumerable.Range(0, 20)) + ", ... ]", PlainText.Of(Enumerable.Range(0, 21).ToList()));
        Assert.Equal("[ " + string.Join(", ", Enumerable.Range(0, 20)) + " ]", PlainText.Of(Enumerable.Range(0, 20).ToArray()));
        Assert.Equal("[ [ 0.5, <null> ], [  ] ]", PlainText.Of(new List<object?[]> { new object?[] { 0.5, null }, Array.Empty<object>() }));
        Assert.Equal("[ 4, 5 ]", PlainText.Of(new Bag { 4, 5 }));           // List's ToString is not the type's own
    }

    [Fact]
    public void ValuesWithTheirOwnToString_UseIt()
    {
        Assert.Equal("Point { X = 1, Y = 2 }", PlainText.Of(new Point(1, 2)));
        Assert.Equal("[ Point { X = 1, Y = 2 } ]", PlainText.Of(new[] { new Point(1, 2) }));
        Assert.Equal("ab", PlainText.Of(new System.Text.StringBuilder("ab")));
    }
}
