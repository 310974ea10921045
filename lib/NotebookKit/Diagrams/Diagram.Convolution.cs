namespace NotebookKit.Diagrams;

public static partial class Diagram
{
    /// <summary>
    /// A k × k window sliding over an n × n input (with padding p and stride s), the kernel, and
    /// the output cell the window produces (chapter 05). <paramref name="row"/> and
    /// <paramref name="column"/> pick the output cell.
    /// </summary>
    public static DiagramView ConvolutionWindow(int inputSize = 6, int kernelSize = 3, int stride = 1, int padding = 0, int row = 1, int column = 2)
    {
        if (inputSize < 1 || kernelSize < 1 || stride < 1 || padding < 0) throw new ArgumentOutOfRangeException(nameof(inputSize), $"Expected positive sizes and stride and a non-negative padding, got n = {inputSize}, k = {kernelSize}, s = {stride}, p = {padding}.");
        var outputSize = (inputSize + 2 * padding - kernelSize) / stride + 1;
        if (outputSize < 1) throw new ArgumentException($"A {kernelSize} × {kernelSize} kernel does not fit a {inputSize} × {inputSize} input with padding {padding}.", nameof(kernelSize));
        if (row < 0 || row >= outputSize || column < 0 || column >= outputSize) throw new ArgumentOutOfRangeException(nameof(row), $"Expected an output cell inside the {outputSize} × {outputSize} output, got ({row}, {column}).");
        const double cell = 30;
        var padded = inputSize + 2 * padding;
        var inputLeft = 30.0;
        var kernelLeft = inputLeft + padded * cell + 70;
        var outputLeft = kernelLeft + kernelSize * cell + 90;
        var top = 50.0;
        var svg = Canvas(outputLeft + outputSize * cell + 40, top + Math.Max(padded, outputSize) * cell + 80, "conv");
        for (var y = 0; y < padded; y++)
            for (var x = 0; x < padded; x++)
            {
                var isPadding = y < padding || x < padding || y >= padding + inputSize || x >= padding + inputSize;
                svg.Rectangle(inputLeft + x * cell, top + y * cell, cell, cell, isPadding ? "#f3f3f3" : "#ffffff", isPadding ? "#bbbbbb" : SvgCanvas.Muted);
                if (isPadding) svg.Text(new(inputLeft + (x + 0.5) * cell, top + (y + 0.5) * cell), "0", 11, colour: "#aaaaaa");
            }
        var windowX = inputLeft + column * stride * cell;
        var windowY = top + row * stride * cell;
        svg.Rectangle(windowX, windowY, kernelSize * cell, kernelSize * cell, SvgCanvas.Highlight, SvgCanvas.Highlight, 2.5, 0.25);
        for (var y = 0; y < kernelSize; y++)
            for (var x = 0; x < kernelSize; x++)
            {
                svg.Rectangle(kernelLeft + x * cell, top + y * cell, cell, cell, "#fff0dd", SvgCanvas.Highlight);
                svg.Text(new(kernelLeft + (x + 0.5) * cell, top + (y + 0.5) * cell), $"w{Subscript(y)}{Subscript(x)}", 10);
            }
        for (var y = 0; y < outputSize; y++)
            for (var x = 0; x < outputSize; x++)
                svg.Rectangle(outputLeft + x * cell, top + y * cell, cell, cell, y == row && x == column ? SvgCanvas.Highlight : "#eef4fb", SvgCanvas.Muted, 1, y == row && x == column ? 0.6 : 1);
        var target = new Point(outputLeft + (column + 0.5) * cell, top + (row + 0.5) * cell);
        svg.Line(new(windowX + kernelSize * cell, windowY), target, SvgCanvas.Highlight, 1.2, dashed: true);
        svg.Line(new(windowX + kernelSize * cell, windowY + kernelSize * cell), target, SvgCanvas.Highlight, 1.2, dashed: true);
        svg.Text(new(kernelLeft - 35, top + kernelSize * cell / 2), "∗", 22);
        svg.Text(new(outputLeft - 45, top + kernelSize * cell / 2), "→", 22);
        var bottom = top + Math.Max(padded, outputSize) * cell;
        svg.Text(new(inputLeft + padded * cell / 2, top - 20), padding > 0 ? $"input {inputSize} × {inputSize}, padding (填充) {padding}" : $"input {inputSize} × {inputSize}", 13, bold: true);
        svg.Text(new(kernelLeft + kernelSize * cell / 2, top - 20), $"kernel {kernelSize} × {kernelSize}", 13, bold: true);
        svg.Text(new(kernelLeft + kernelSize * cell / 2, top + kernelSize * cell + 20), "the same weights", 12, colour: SvgCanvas.Muted);
        svg.Text(new(kernelLeft + kernelSize * cell / 2, top + kernelSize * cell + 36), "at every position", 12, colour: SvgCanvas.Muted);
        svg.Text(new(outputLeft + outputSize * cell / 2, top - 20), $"feature map (特征图) {outputSize} × {outputSize}", 13, bold: true);
        svg.Text(new(30, bottom + 28), $"output size = ⌊(n + 2p − k) / s⌋ + 1 = ⌊({inputSize} + {2 * padding} − {kernelSize}) / {stride}⌋ + 1 = {outputSize}", 13, "start");
        svg.Text(new(30, bottom + 50), $"stride (步幅) s = {stride}: the window moves {stride} pixel{(stride == 1 ? "" : "s")} per step", 13, "start");
        var title = $"A {kernelSize} × {kernelSize} convolution over a {inputSize} × {inputSize} input";
        return new DiagramView(title, $"The orange window multiplies the {kernelSize * kernelSize} input pixels under it by the kernel's weights and sums them (plus a bias) into one cell of the feature map; then it slides by the stride and does the same with the same weights (weight sharing, 权值共享).", svg.ToSvg(title));
    }
}
