/**
 * An Observable Plot figure inside React. Marks made with `traced` carry their datum on each SVG
 * element (`data-datum`, JSON), which is how clicks find the neuron under the pointer and how the
 * browser tests compare a plot's marks with the API's rows.
 */
import * as Plot from '@observablehq/plot';
import { useEffect, useRef } from 'react';

/**
 * A mark's `render` option that writes `datum(d)` of each drawn item onto its element. For marks
 * drawing one element per datum (dot, cell, rect, bar, tick, rule, text).
 */
export function traced<T>(data: readonly T[], datum: (d: T) => Record<string, unknown>): Plot.RenderFunction {
  return function render(index, scales, values, dimensions, context, next) {
    const g = next!(index, scales, values, dimensions, context) as SVGGElement;
    const elements = g.querySelectorAll(':scope > :not(title)');
    index.forEach((i, j) => elements[j]?.setAttribute('data-datum', JSON.stringify(datum(data[i]))));
    return g;
  };
}

export function PlotFigure({ options, onDatumClick, label }: { options: Plot.PlotOptions; onDatumClick?: (datum: Record<string, unknown>) => void; label: string }) {
  const holder = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const figure = Plot.plot({ style: { fontSize: '12px' }, ...options, ariaLabel: label });
    // With a legend, Plot wraps the legend's svg and the plot's in a <figure>, the plot last:
    // mark the plot's, which the SVG export takes.
    (figure instanceof SVGSVGElement ? figure : figure.querySelector(':scope > svg:last-of-type'))?.setAttribute('data-plot', '');
    holder.current!.replaceChildren(figure);
    return () => figure.remove();
  }, [options, label]);
  return (
    <div
      ref={holder}
      className="plot"
      onClick={(event) => {
        const element = (event.target as Element).closest('[data-datum]');
        if (element && onDatumClick) onDatumClick(JSON.parse(element.getAttribute('data-datum')!));
      }}
    />
  );
}
