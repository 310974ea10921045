using NotebookKit.Data;

namespace NotebookKit.Plots;

/// <summary>The kit's chart builders. Each returns a <see cref="Figure"/> that renders offline.</summary>
public static class Plot
{
    /// <summary>Colours used for classes 0, 1, 2, ... everywhere, so pictures read the same across notebooks.</summary>
    public static readonly string[] ClassColors = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b"];

    private static readonly string[] RegionColors = ["#c6dbef", "#f4c7c3", "#c7e9c0", "#dadaeb", "#fdd0a2", "#e7d4cf"];
    private static readonly string[] Symbols = ["circle", "diamond", "square", "triangle-up", "x", "star"];

    /// <summary>Line chart of one or more named series against their index (or a shared x).</summary>
    public static Figure Lines(string title, string xTitle, string yTitle, params (string Name, IReadOnlyList<double> Values)[] series)
    {
        if (series.Length == 0) throw new ArgumentException("Expected at least one series to draw.", nameof(series));
        return new Figure(title, xTitle, yTitle).Add(series.Select(s => Traces.Line(s.Name, s.Values)));
    }

    /// <summary>Line chart of named series, each with its own x values (e.g. accuracy against length).</summary>
    public static Figure Series(string title, string xTitle, string yTitle, params (string Name, IReadOnlyList<double> X, IReadOnlyList<double> Y)[] series)
    {
        if (series.Length == 0) throw new ArgumentException("Expected at least one series to draw.", nameof(series));
        foreach (var (name, x, y) in series)
            if (x.Count != y.Count) throw new ArgumentException($"Series '{name}': expected as many x as y values, got {x.Count} and {y.Count}.", nameof(series));
        return new Figure(title, xTitle, yTitle).Add(series.Select(s =>
        {
            var trace = Traces.Line(s.Name, s.X, s.Y);
            trace.Mode = "lines+markers";
            return trace;
        }));
    }

    /// <summary>
    /// One heatmap with a label per column and per row (tokens, gates, units). Row 0 is drawn at the
    /// top. Labels may repeat (a word twice in a sentence): positions, not names, place the cells.
    /// </summary>
    public static Figure LabelledHeatmap(string title, double[][] values, IReadOnlyList<string> columnLabels, IReadOnlyList<string> rowLabels,
        string xTitle = "", string yTitle = "", string colorscale = "Blues", double? zmin = null, double? zmax = null, bool highIsDark = true)
    {
        if (values.Length != rowLabels.Count) throw new ArgumentException($"Expected {rowLabels.Count} rows of values (one per row label), got {values.Length}.", nameof(values));
        var bad = Array.FindIndex(values, r => r.Length != columnLabels.Count);
        if (bad >= 0) throw new ArgumentException($"Expected {columnLabels.Count} values per row (one per column label), got {values[bad].Length} in row {bad}.", nameof(values));
        var xs = Enumerable.Range(0, columnLabels.Count).Select(i => (double)i).ToArray();
        var ys = Enumerable.Range(0, rowLabels.Count).Select(i => (double)i).ToArray();
        var trace = Traces.Heatmap(title, xs, ys, values, colorscale);
        trace.HoverInfo = "z";
        // plotly.js's sequential scales (Blues, Greys, ...) run dark to light; reversed, large values stand out dark.
        trace.ReverseScale = highIsDark && colorscale is "Blues" or "Greys" or "Reds" or "Greens";
        trace.ZMin = zmin;
        trace.ZMax = zmax;
        var figure = new Figure(title, xTitle, yTitle, height: Math.Max(260, 60 + 28 * rowLabels.Count + 60)).Add(trace);
        var layout = figure.Layout;
        layout.XAxis.TickValues = xs;
        layout.XAxis.TickText = columnLabels.ToArray();
        layout.XAxis.Side = "top";
        layout.YAxis.TickValues = ys;
        layout.YAxis.TickText = rowLabels.ToArray();
        layout.YAxis.AutoRange = "reversed";
        layout.Margin = new Margin(90, 20, 90, 30);
        return figure;
    }

    /// <summary>Attention weights: one row per output token, one column per input token, each row summing to 1.</summary>
    public static Figure Attention(double[][] weights, IReadOnlyList<string> sourceTokens, IReadOnlyList<string> targetTokens, string title) =>
        LabelledHeatmap(title, weights, sourceTokens, targetTokens, "", "output (target)", "Blues", 0, 1);

    /// <summary>
    /// Attention weights of a whole model: one panel per layer (rows) and head (columns), each with
    /// the query tokens down the side and the key tokens along the top, on one 0–1 colour scale.
    /// </summary>
    /// <param name="weights">[layer][head] → (T, S) weights, each row summing to 1</param>
    public static Figure AttentionGrid(string title, IReadOnlyList<IReadOnlyList<double[][]>> weights, IReadOnlyList<string> keyTokens, IReadOnlyList<string> queryTokens)
    {
        if (weights.Count == 0 || weights.Any(l => l.Count == 0)) throw new ArgumentException("Expected at least one layer with at least one head.", nameof(weights));
        var heads = weights[0].Count;
        if (weights.Any(l => l.Count != heads)) throw new ArgumentException($"Expected the same number of heads in every layer, got [{string.Join(", ", weights.Select(l => l.Count))}].", nameof(weights));
        var figure = new Figure(title, height: weights.Count * (70 + 22 * queryTokens.Count) + 130);
        figure.Layout.Grid = new Grid(weights.Count, heads);
        figure.Layout.Annotations = [];
        figure.Layout.Margin = new Margin(90, 20, 140, 30);                                     // room for the title above the first row's token labels
        var xs = Enumerable.Range(0, keyTokens.Count).Select(i => (double)i).ToArray();
        var ys = Enumerable.Range(0, queryTokens.Count).Select(i => (double)i).ToArray();
        for (var layer = 0; layer < weights.Count; layer++)
            for (var head = 0; head < heads; head++)
            {
                var map = weights[layer][head];
                var k = layer * heads + head;
                var suffix = k == 0 ? "" : $"{k + 1}";
                var trace = Traces.Heatmap($"layer {layer + 1}, head {head + 1}", xs, ys, map, "Blues", showScale: k == 0);
                (trace.XAxis, trace.YAxis, trace.ZMin, trace.ZMax, trace.ReverseScale, trace.HoverInfo) = ("x" + suffix, "y" + suffix, 0, 1, true, "z");
                figure.Add(trace);
                var (xAxis, yAxis) = (figure.Layout.Axis("xaxis" + suffix), figure.Layout.Axis("yaxis" + suffix));
                (xAxis.TickValues, xAxis.TickText, xAxis.Side) = (xs, keyTokens.ToArray(), "top");
                (yAxis.TickValues, yAxis.TickText, yAxis.AutoRange) = (ys, head == 0 ? queryTokens.ToArray() : queryTokens.Select(_ => "").ToArray(), "reversed");
                figure.Layout.Annotations.Add(new Annotation(trace.Name)
                {
                    XRef = $"x{suffix} domain", YRef = $"y{suffix} domain", X = 0.5, Y = 0.0, YAnchor = "top", Font = new Font(11),
                });
            }
        return figure;
    }

    /// <summary>Line chart of y = f(x) for one or more functions on [from, to].</summary>
    public static Figure Functions(string title, double from, double to, params (string Name, Func<double, double> F)[] functions)
    {
        if (!(to > from)) throw new ArgumentException($"Expected from < to, got from = {from}, to = {to}.");
        const int points = 201;
        var xs = Enumerable.Range(0, points).Select(i => from + (to - from) * i / (points - 1)).ToArray();
        return new Figure(title, "x", "y").Add(functions.Select(f => Traces.Line(f.Name, xs, xs.Select(f.F))));
    }

    /// <summary>
    /// One panel per activation function: the function (solid) and its derivative (dashed, same
    /// colour) on [from, to], so each pair can be read without the others in the way.
    /// </summary>
    public static Figure Activations(double from, double to, params ActivationKind[] kinds)
    {
        if (kinds.Length == 0) throw new ArgumentException("Expected at least one activation to draw.", nameof(kinds));
        if (!(to > from)) throw new ArgumentException($"Expected from < to, got from = {from}, to = {to}.");
        const int points = 241;
        var xs = Enumerable.Range(0, points).Select(i => from + (to - from) * i / (points - 1)).ToArray();
        var panels = kinds.Select((kind, k) =>
        {
            var f = Scratch.Activations.Function(kind);
            var d = Scratch.Activations.Derivative(kind);
            var color = ClassColors[k % ClassColors.Length];
            return new Figure(kind.ToString(), "x", k == 0 ? "f(x) solid, f′(x) dashed" : "", height: 330)
                .Add(Traces.Line(kind.ToString(), xs, xs.Select(f), color), Traces.Line($"{kind}′ (derivative)", xs, xs.Select(d), color, dashed: true));
        }).ToArray();
        return Panels("Activation functions (solid) and their derivatives (dashed)", panels);
    }

    /// <summary>
    /// A grid of heatmaps (filters, feature maps, images), each [row][column], with a shared
    /// diverging colour scale centred on zero when <paramref name="diverging"/>.
    /// </summary>
    public static Figure Heatmaps(string title, IReadOnlyList<(string Title, double[][] Values)> maps, int columns = 4, bool diverging = true, int cellHeight = 150)
    {
        if (maps.Count == 0) throw new ArgumentException("Expected at least one map to draw.", nameof(maps));
        if (columns <= 0) throw new ArgumentOutOfRangeException(nameof(columns), columns, "Expected a positive number of columns.");
        columns = Math.Min(columns, maps.Count);
        var rows = (maps.Count + columns - 1) / columns;
        var limit = maps.SelectMany(m => m.Values.SelectMany(r => r)).Select(Math.Abs).DefaultIfEmpty(1).Max();
        var figure = new Figure(title, height: Math.Max(200, rows * cellHeight + 80));
        figure.Layout.Grid = new Grid(rows, columns);
        figure.Layout.Annotations = [];
        for (var k = 0; k < maps.Count; k++)
        {
            var (name, values) = maps[k];
            var height = values.Length;
            var width = values.Length == 0 ? 0 : values[0].Length;
            // Row 0 at the top, as images are read.
            var z = values.Reverse().ToArray();
            var trace = Traces.Heatmap(name, Enumerable.Range(0, width).Select(i => (double)i).ToArray(), Enumerable.Range(0, height).Select(i => (double)i).ToArray(), z,
                diverging ? "RdBu" : "Greys", showScale: k == 0);
            var suffix = k == 0 ? "" : $"{k + 1}";
            trace.XAxis = "x" + suffix;
            trace.YAxis = "y" + suffix;
            trace.ZMin = diverging ? -limit : 0;
            trace.ZMax = limit;
            // plotly.js's RdBu runs blue (low) to red (high); its Greys runs black to white, so reverse it to draw high values dark.
            trace.ReverseScale = !diverging;
            figure.Add(trace);
            ImagePanelAxes(figure, suffix, height, name);
        }
        return figure;
    }

    /// <summary>
    /// Attention drawn over images: each panel shows an image in greys and, on top of it, a map
    /// (attention weights) in colour, half transparent. A map smaller than its image (one weight
    /// per patch) is stretched over the pixels it covers, so the image size must be a multiple of
    /// the map's. Every map uses the same colour scale, [<paramref name="mapMin"/>, <paramref name="mapMax"/>].
    /// </summary>
    public static Figure Overlays(string title, IReadOnlyList<(string Title, double[][] Image, double[][] Map)> panels, int columns = 8, int cellHeight = 150, double mapMin = 0, double mapMax = 1)
    {
        if (panels.Count == 0) throw new ArgumentException("Expected at least one panel to draw.", nameof(panels));
        if (columns <= 0) throw new ArgumentOutOfRangeException(nameof(columns), columns, "Expected a positive number of columns.");
        if (!(mapMax > mapMin)) throw new ArgumentException($"Expected mapMin < mapMax, got {mapMin} and {mapMax}.", nameof(mapMax));
        columns = Math.Min(columns, panels.Count);
        var rows = (panels.Count + columns - 1) / columns;
        var figure = new Figure(title, height: Math.Max(200, rows * cellHeight + 80));
        figure.Layout.Grid = new Grid(rows, columns);
        figure.Layout.Annotations = [];
        for (var k = 0; k < panels.Count; k++)
        {
            var (name, image, map) = panels[k];
            var (height, width) = (image.Length, image.Length == 0 ? 0 : image[0].Length);
            var (mapHeight, mapWidth) = (map.Length, map.Length == 0 ? 0 : map[0].Length);
            if (height == 0 || mapHeight == 0 || height % mapHeight != 0 || width % mapWidth != 0)
                throw new ArgumentException($"Panel '{name}': expected an image whose size ({height} × {width}) is a multiple of its map's ({mapHeight} × {mapWidth}).", nameof(panels));
            var stretched = Enumerable.Range(0, height).Select(r => Enumerable.Range(0, width).Select(c => map[r * mapHeight / height][c * mapWidth / width]).ToArray()).ToArray();
            var xs = Enumerable.Range(0, width).Select(i => (double)i).ToArray();
            var ys = Enumerable.Range(0, height).Select(i => (double)i).ToArray();
            var suffix = k == 0 ? "" : $"{k + 1}";
            var picture = Traces.Heatmap(name, xs, ys, image.Reverse().ToArray(), "Greys", showScale: false);      // row 0 at the top
            picture.ReverseScale = true;                                                                             // bright pixels dark, as in chapter 05
            var weights = Traces.Heatmap(name + " (map)", xs, ys, stretched.Reverse().ToArray(), "YlOrRd", showScale: k == 0, opacity: 0.55);
            weights.ReverseScale = true;                                                                             // plotly.js's YlOrRd runs dark to light: reversed, high weights are red
            weights.ZMin = mapMin;
            weights.ZMax = mapMax;
            foreach (var trace in new[] { picture, weights })
            {
                trace.XAxis = "x" + suffix;
                trace.YAxis = "y" + suffix;
                figure.Add(trace);
            }
            ImagePanelAxes(figure, suffix, height, name);
        }
        return figure;
    }

    /// <summary>One image panel's axes: small pixel indices (row 0 at the top), square pixels, and its title above it.</summary>
    private static void ImagePanelAxes(Figure figure, string suffix, int height, string name)
    {
        var xAxis = figure.Layout.Axis("xaxis" + suffix);
        var yAxis = figure.Layout.Axis("yaxis" + suffix);
        xAxis.TickFont = yAxis.TickFont = new Font(9);
        yAxis.TickValues = Enumerable.Range(0, height).Where(i => height <= 8 || i % Math.Max(1, height / 4) == 0).Select(i => (double)i).ToArray();
        yAxis.TickText = yAxis.TickValues.Select(v => (height - 1 - (int)v).ToString()).ToArray();
        xAxis.Ticks = yAxis.Ticks = "outside";
        yAxis.ScaleAnchor = "x" + suffix;
        figure.Layout.Annotations!.Add(new Annotation(name)
        {
            XRef = $"x{suffix} domain", YRef = $"y{suffix} domain", X = 0.5, Y = 1.0, YAnchor = "bottom", Font = new Font(11),
        });
    }

    /// <summary>
    /// Several figures side by side in one (one row of panels, each keeping its traces, axis
    /// titles and log scales; each panel's title above it). Legend entries of the same name share
    /// one colour if the panels give them one.
    /// </summary>
    public static Figure Panels(string title, params Figure[] panels)
    {
        if (panels.Length == 0) throw new ArgumentException("Expected at least one panel.", nameof(panels));
        var figure = new Figure(title, height: panels.Max(p => p.Height));
        figure.Layout.Grid = new Grid(1, panels.Length);
        figure.Layout.Annotations = [];
        var seen = new HashSet<string>();
        for (var k = 0; k < panels.Length; k++)
        {
            var suffix = k == 0 ? "" : $"{k + 1}";
            foreach (var trace in panels[k].Data)
            {
                trace.XAxis = "x" + suffix;
                trace.YAxis = "y" + suffix;
                if (!seen.Add(trace.Name)) trace.ShowLegend = false;                    // one legend entry per name
                figure.Add(trace);
            }
            foreach (var (from, to) in new[] { (panels[k].Layout.XAxis, figure.Layout.Axis("xaxis" + suffix)), (panels[k].Layout.YAxis, figure.Layout.Axis("yaxis" + suffix)) })
            {
                to.Title = from.Title;
                to.Type = from.Type;
                to.ExponentFormat = from.ExponentFormat;
                to.Range = from.Range;
                to.TickValues = from.TickValues;
                to.TickText = from.TickText;
                to.Side = from.Side;
                to.AutoRange = from.AutoRange;
            }
            var panelTitle = panels[k].Layout.Title?.Text;
            if (!string.IsNullOrEmpty(panelTitle))
                figure.Layout.Annotations.Add(new Annotation(panelTitle)
                {
                    XRef = $"x{suffix} domain", YRef = $"y{suffix} domain", X = 0.5, Y = 1.0, YAnchor = "bottom", Font = new Font(12),
                });
        }
        return figure;
    }

    /// <summary>Scatter of a 2-D labelled dataset, one colour per class; name the axes when they are not the inputs x₁, x₂.</summary>
    public static Figure Scatter(Dataset2D data, string title, string xTitle = "x₁", string yTitle = "x₂")
    {
        var figure = SquareFigure(title).Add(ClassTraces(data));
        figure.Layout.XAxis.Title = xTitle;
        figure.Layout.YAxis.Title = yTitle;
        return figure;
    }

    /// <summary>
    /// The regions a 2-D classifier assigns to each class, with the data on top.
    /// <paramref name="predict"/> maps a point (x₁, x₂) to a class in [0, K).
    /// </summary>
    public static Figure DecisionBoundary(Dataset2D data, Func<double, double, int> predict, string title, int resolution = 80)
    {
        ArgumentNullException.ThrowIfNull(predict);
        if (resolution < 2) throw new ArgumentOutOfRangeException(nameof(resolution), resolution, "Expected a grid resolution of at least 2.");
        var (minX, maxX, minY, maxY) = data.Bounds(margin: 0.15);
        var xs = Enumerable.Range(0, resolution).Select(i => minX + (maxX - minX) * i / (resolution - 1)).ToArray();
        var ys = Enumerable.Range(0, resolution).Select(i => minY + (maxY - minY) * i / (resolution - 1)).ToArray();
        var z = ys.Select(y => xs.Select(x => (double)predict(x, y)).ToArray()).ToArray();
        var classes = data.ClassCount;
        if (classes > RegionColors.Length) throw new ArgumentException($"Expected at most {RegionColors.Length} classes to draw, got {classes}.", nameof(data));
        // A stepped colour scale: class k fills [k/K, (k+1)/K] with its own colour.
        var colorscale = Enumerable.Range(0, classes).SelectMany(k => new object[]
        {
            new object[] { (double)k / classes, RegionColors[k] }, new object[] { (double)(k + 1) / classes, RegionColors[k] },
        }).ToArray();
        var regions = Traces.Heatmap("predicted class", xs, ys, z, colorscale, showScale: false);
        regions.ZMin = -0.5;
        regions.ZMax = classes - 0.5;
        return SquareFigure(title).Add(regions).Add(ClassTraces(data));
    }

    /// <summary>A figure over the input plane (x₁, x₂) with one unit as long on both axes.</summary>
    private static Figure SquareFigure(string title)
    {
        var figure = new Figure(title, "x₁", "x₂");
        figure.Layout.YAxis.ScaleAnchor = "x";
        return figure;
    }

    private static IEnumerable<Trace> ClassTraces(Dataset2D data)
    {
        for (var label = 0; label < data.ClassCount; label++)
        {
            var indices = Enumerable.Range(0, data.Count).Where(i => data.Labels[i] == label).ToArray();
            yield return Traces.Markers($"class {label}", indices.Select(i => data.Features[i, 0]), indices.Select(i => data.Features[i, 1]),
                ClassColors[label % ClassColors.Length], Symbols[label % Symbols.Length]);
        }
    }
}
