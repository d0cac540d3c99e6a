// Sigma's default programs (discs, arrows, lines), drawn the way software WebGL can afford. Sigma 3 draws each node and
// edge as one instance of an instanced draw call; SwiftShader (Chromium without a GPU: CI, virtual machines, remote
// desktops, blocklisted drivers) runs every instance as a draw of its own, about 10 µs apiece, so 10k actors and 50k
// ties cost 0.3 s and 1.8 s a frame whatever the zoom. Here the same shaders get plain vertex arrays, each item
// written once per vertex with that vertex's constant data (as Sigma 2 did, and Sigma's point and line programs still
// do): one draw call, 4 to 35 times faster in SwiftShader. Two more savings: a vertex array is uploaded only when it
// changed (Sigma uploads it every frame, 20 MB for 50k arrows), and on large maps the frames drawn while the camera
// moves leave out the ties and the picking layer.
import type { Attributes } from "graphology-types";
import type Sigma from "sigma";
import {
  createEdgeArrowHeadProgram,
  createEdgeClampedProgram,
  createEdgeCompoundProgram,
  EdgeRectangleProgram,
  NodeCircleProgram,
  type EdgeProgramType,
  type InstancedProgramDefinition,
  type NodeProgramType,
  type Program,
  type ProgramDefinition,
  type ProgramInfo,
} from "sigma/rendering";
import type { RenderParams } from "sigma/types";

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- TypeScript's mixin pattern requires `any[]` here
type ProgramClass = abstract new (...args: any[]) => Program;

type Definition = ProgramDefinition | InstancedProgramDefinition;

/**
 * Renderers that draw light frames while the camera moves: no ties, and no picking layer (nobody points at actors
 * then; the frame after the move draws it). Sigma's own `hideEdgesOnMove` leaves ties out too, but follows every drag
 * with a full `refresh()`, running the reducers and reprocessing the whole graph (two seconds at 50k ties) where one
 * more frame is enough: EventsController asks for it.
 */
const lightWhileMoving = new WeakSet<object>();

export function lightFramesWhileMoving<N extends Attributes, E extends Attributes>(sigma: Sigma<N, E>, on: boolean) {
  if (on) lightWhileMoving.add(sigma);
  else lightWhileMoving.delete(sigma);
}

/** Sigma's own test for `hideEdgesOnMove`, less the drag count it resets only after the next frame. */
function cameraMoving(sigma: Sigma): boolean {
  const mouse = sigma.getMouseCaptor();
  return sigma.getCamera().isAnimated() || mouse.isMoving || mouse.currentWheelDirection !== 0;
}

/**
 * The program `Base` drawing plain triangles: its constant (per-vertex) attributes become ordinary attributes, and
 * each item the base program writes is repeated for each vertex with that vertex's constant data.
 */
function withoutInstancing(Base: ProgramClass, isEdgeProgram: boolean) {
  // Sigma declares these abstract (or on the node and edge subclasses only); the base class implements them.
  const base = Base.prototype as {
    getDefinition(this: Program): Definition;
    process(this: Program, index: number, offset: number, ...data: unknown[]): void;
    processVisibleItem(this: Program, index: number, start: number, ...data: unknown[]): void;
  };

  abstract class Expanded extends Base {
    /** One item as the base program writes it, and the constant data of each vertex. */
    private item: Float32Array | null = null;
    private constants: number[][] = [];
    /** Bumped whenever the vertex array changes; each GL buffer (normal, picking) remembers what it holds. */
    private version = 0;
    private uploaded = new WeakMap<ProgramInfo, { array: Float32Array; version: number }>();

    getDefinition(): ProgramDefinition {
      const def = base.getDefinition.call(this);
      if (!("CONSTANT_ATTRIBUTES" in def)) return def;
      const { CONSTANT_ATTRIBUTES, CONSTANT_DATA: _constantData, ...rest } = def;
      return { ...rest, ATTRIBUTES: [...def.ATTRIBUTES, ...CONSTANT_ATTRIBUTES] };
    }

    // Node programs take one datum (the node), edge programs three (source, target, edge); fixed parameters rather
    // than rest arrays keep these per-item paths free of allocations.
    process(index: number, offset: number, a: unknown, b?: unknown, c?: unknown): void {
      this.version++;
      base.process.call(this, index, offset, a, b, c);
    }

    processVisibleItem(index: number, start: number, a: unknown, b?: unknown, c?: unknown): void {
      let item = this.item;
      if (!item) {
        const def = base.getDefinition.call(this);
        this.constants = "CONSTANT_DATA" in def ? def.CONSTANT_DATA : [];
        item = this.item = new Float32Array(this.ATTRIBUTES_ITEMS_COUNT - (this.constants[0]?.length ?? 0));
      }
      const array = this.array;
      // The base program writes the item at the start of the scratch array...
      this.array = item;
      try {
        base.processVisibleItem.call(this, index, 0, a, b, c);
      } finally {
        this.array = array;
      }
      // ...which goes out once per vertex, each time followed by that vertex's constant data.
      const n = item.length;
      let i = start;
      for (let v = 0; v < this.VERTICES; v++) {
        for (let k = 0; k < n; k++) array[i++] = item[k]!;
        const constants = this.constants[v]!;
        for (let k = 0; k < constants.length; k++) array[i++] = constants[k]!;
      }
    }

    render(params: RenderParams): void {
      const sigma = this.renderer as unknown as Sigma;
      const pick = this.pickProgram;
      if (!lightWhileMoving.has(sigma) || !cameraMoving(sigma)) return super.render(params);
      // A light frame: no ties, and actors without their picking layer.
      if (isEdgeProgram) return;
      if (!pick) return super.render(params);
      this.pickProgram = null;
      try {
        super.render(params);
      } finally {
        this.pickProgram = pick;
      }
    }

    reallocate(capacity: number): void {
      super.reallocate(capacity);
      this.version++;
    }

    // As Sigma's, except that the array is uploaded only when it changed.
    protected bindProgram(program: ProgramInfo): void {
      const { gl, buffer } = program;
      gl.bindBuffer(gl.ARRAY_BUFFER, buffer);
      let offset = 0;
      for (const attr of this.ATTRIBUTES) offset += this.bindAttribute(attr, program, offset);
      const held = this.uploaded.get(program);
      if (held?.array !== this.array || held.version !== this.version) {
        gl.bufferData(gl.ARRAY_BUFFER, this.array, gl.DYNAMIC_DRAW);
        this.uploaded.set(program, { array: this.array, version: this.version });
      }
      gl.bindBuffer(gl.ARRAY_BUFFER, null);
    }
  }
  return Expanded;
}

function nodeProgram<N extends Attributes, E extends Attributes>(Base: ProgramClass): NodeProgramType<N, E> {
  return withoutInstancing(Base, false) as unknown as NodeProgramType<N, E>;
}

function edgeProgram<N extends Attributes, E extends Attributes>(
  Base: EdgeProgramType | typeof EdgeRectangleProgram,
): EdgeProgramType<N, E> {
  // Sigma's factories declare an opaque program type; the classes they return are `EdgeProgram`s.
  return withoutInstancing(Base as unknown as ProgramClass, true) as unknown as EdgeProgramType<N, E>;
}

/** Program classes for the Sigma settings: the defaults (`circle`, `arrow`, `line`) without instancing. */
export function atlasPrograms<N extends Attributes, E extends Attributes>() {
  return {
    nodeProgramClasses: { circle: nodeProgram<N, E>(NodeCircleProgram) },
    edgeProgramClasses: {
      arrow: createEdgeCompoundProgram<N, E>([
        edgeProgram<N, E>(createEdgeClampedProgram()),
        edgeProgram<N, E>(createEdgeArrowHeadProgram()),
      ]),
      line: edgeProgram<N, E>(EdgeRectangleProgram),
    },
  };
}
