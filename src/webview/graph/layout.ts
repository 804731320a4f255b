import { forceLink, forceManyBody, forceSimulation, forceX, forceY, type Simulation, type SimulationLinkDatum, type SimulationNodeDatum } from 'd3-force';
import type { GraphEdge, GraphNode } from '../../core/articles/knowledgeGraph';

/** A node as the layout moves it. */
export interface LaidNode extends SimulationNodeDatum {
  node: GraphNode;
  x: number;
  y: number;
  /** Edges touching it: bigger hubs are drawn bigger. */
  degree: number;
}

export interface LaidEdge extends SimulationLinkDatum<LaidNode> {
  edge: GraphEdge;
  source: LaidNode;
  target: LaidNode;
}

/**
 * The force layout (d3-force): edges pull, nodes push each other apart (Barnes–Hut, so 2,000
 * nodes cost n log n per step), a weak pull to the centre keeps islands in sight. The caller
 * steps it a frame's budget at a time (`step`), so drawing stays smooth while it settles.
 * Nodes that were already placed keep their place when the graph changes.
 */
export class ForceLayout {
  readonly nodes: LaidNode[];
  readonly edges: LaidEdge[];
  private readonly simulation: Simulation<LaidNode, LaidEdge>;

  constructor(nodes: readonly GraphNode[], edges: readonly GraphEdge[], previous = new Map<string, { x: number; y: number }>()) {
    const byId = new Map<string, LaidNode>();
    let placed = 0;
    this.nodes = nodes.map((node, i) => {
      const before = previous.get(node.id);
      if (before) placed++;
      // New nodes start on a spiral (d3's own start) around the centre.
      const angle = i * Math.PI * (3 - Math.sqrt(5));
      const radius = 10 * Math.sqrt(i + 0.5);
      const laid: LaidNode = { node, x: before?.x ?? radius * Math.cos(angle), y: before?.y ?? radius * Math.sin(angle), degree: 0 };
      byId.set(node.id, laid);
      return laid;
    });
    this.edges = [];
    for (const edge of edges) {
      const source = byId.get(edge.source);
      const target = byId.get(edge.target);
      if (!source || !target) continue;
      source.degree++;
      target.degree++;
      this.edges.push({ edge, source, target });
    }
    this.simulation = forceSimulation<LaidNode, LaidEdge>(this.nodes)
      .force('link', forceLink<LaidNode, LaidEdge>(this.edges).distance(36).strength((e) => 1 / Math.min(e.source.degree, e.target.degree)))
      .force('charge', forceManyBody<LaidNode>().strength(-40).theta(0.9).distanceMax(500))
      .force('x', forceX<LaidNode>(0).strength(0.04))
      .force('y', forceY<LaidNode>(0).strength(0.04))
      // About 170 steps to settle rather than d3's 300: at 2,000 nodes a step costs milliseconds.
      .alphaDecay(0.04)
      .stop();
    // Mostly the same graph: start cool, so it does not fly apart.
    if (nodes.length && placed / nodes.length > 0.8) this.simulation.alpha(0.3);
  }

  get settled(): boolean {
    return this.simulation.alpha() < this.simulation.alphaMin();
  }

  /** Steps the layout until it settles or `budgetMs` have passed; how many steps it took. */
  step(budgetMs: number, now: () => number = () => performance.now()): number {
    const start = now();
    let steps = 0;
    while (!this.settled && (steps === 0 || now() - start < budgetMs)) {
      this.simulation.tick();
      steps++;
    }
    return steps;
  }

  /** Where each node is, to keep them there when the graph is drawn again. */
  places(): Map<string, { x: number; y: number }> {
    return new Map(this.nodes.map((n) => [n.node.id, { x: n.x, y: n.y }]));
  }
}
