using System.Threading;

namespace NotebookKit.Plots;

/// <summary>
/// The HTML for one chart: a div and a script that draws the Plotly figure into it as soon as
/// plotly.js is present (it may arrive in an earlier output of the same page or session).
/// </summary>
internal static class ChartHtml
{
    private static long counter;

    public static string Render(string figureJson, int height)
    {
        // Unique per process and per render, so redrawn outputs never collide in one page.
        var id = $"nk-chart-{Environment.ProcessId:x}-{Interlocked.Increment(ref counter)}-{Guid.NewGuid().ToString("N")[..8]}";
        return $$"""
<div id="{{id}}" class="notebookkit-chart" style="width:100%;height:{{height}}px"></div>
<script type="text/javascript">
(function () {
  var figure = {{figureJson}};
  var tries = 0;
  function draw() {
    var element = document.getElementById('{{id}}');
    if (!element) return;
    if (typeof window.Plotly === 'undefined') {
      if (++tries > 200) { element.textContent = 'plotly.js is not loaded: run the notebook\'s setup cell (Kit.Setup()) first.'; return; }
      setTimeout(draw, 25);
      return;
    }
    window.Plotly.react(element, figure.data, figure.layout, { responsive: true, displaylogo: false });
  }
  draw();
})();
</script>
""";
    }
}
