/** Counts a rendered page's elements the way WeChat's node audit sees a page: custom components' own trees too. */

/** What WeChat flags: more than 1,000 nodes, deeper than 30, or an element with more than 60 children. */
export interface NodeCount {
  /** Every element under the page root: wxml elements, custom components' host elements and their shadow trees. */
  nodes: number;
  /** Levels under the page root, at the deepest element. */
  depth: number;
  /** The most child elements any one element has. */
  widest: number;
}

/**
 * miniprogram-simulate renders a custom component's shadow tree inside its host element, so walking the DOM counts
 * vant's inner views as well. Text nodes and <block> (never rendered) are not counted.
 */
export function countNodes(root: Element): NodeCount {
  let nodes = 0;
  let depth = 0;
  let widest = 0;
  const walk = (element: Element, level: number): void => {
    widest = Math.max(widest, element.children.length);
    for (const child of Array.from(element.children)) {
      nodes += 1;
      depth = Math.max(depth, level);
      walk(child, level + 1);
    }
  };
  walk(root, 1);
  return { nodes, depth, widest };
}
