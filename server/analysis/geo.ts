// Great-circle distance by the haversine formula (Sinnott 1984), on a spherical Earth of mean radius 6371.0088 km
// (IUGG). Good to about 0.5%, which is far finer than any "how far does this offering travel" judgement needs.

const EARTH_RADIUS_KM = 6371.0088;
const RAD = Math.PI / 180;

export interface LatLon {
  lat: number;
  lon: number;
}

export function haversineKm(a: LatLon, b: LatLon): number {
  const dLat = (b.lat - a.lat) * RAD;
  const dLon = (b.lon - a.lon) * RAD;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * RAD) * Math.cos(b.lat * RAD) * Math.sin(dLon / 2) ** 2;
  // min() guards against h creeping past 1 through rounding for antipodal points.
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}

const KM_PER_DEGREE = (Math.PI / 180) * EARTH_RADIUS_KM;
const HALF_CIRCUMFERENCE_KM = Math.PI * EARTH_RADIUS_KM;

/**
 * A latitude/longitude grid over points for radius and nearest-point queries. A query scans the cells of the
 * bounding box of its circle (widened in longitude by 1 / cos(latitude), wrapping at the antimeridian), or every
 * point when that box has more cells than there are points, so it never costs more than a linear scan.
 */
export class PointIndex<T> {
  private readonly cells = new Map<number, Array<{ item: T; at: LatLon }>>();
  private readonly all: Array<{ item: T; at: LatLon }> = [];
  private readonly lonCells: number;

  constructor(
    items: Iterable<T>,
    locate: (item: T) => LatLon,
    private readonly cellDegrees = 0.5,
  ) {
    this.lonCells = Math.ceil(360 / cellDegrees);
    for (const item of items) {
      const entry = { item, at: locate(item) };
      this.all.push(entry);
      const key = this.key(this.latIndex(entry.at.lat), this.lonIndex(entry.at.lon));
      const cell = this.cells.get(key);
      if (cell) cell.push(entry);
      else this.cells.set(key, [entry]);
    }
  }

  get size(): number {
    return this.all.length;
  }

  /** Calls `visit` with each point within `radiusKm` of `p` and its distance; stops early when it returns true. */
  someWithin(p: LatLon, radiusKm: number, visit: (item: T, distanceKm: number) => boolean): boolean {
    for (const entry of this.candidates(p, radiusKm)) {
      const d = haversineKm(p, entry.at);
      if (d <= radiusKm && visit(entry.item, d)) return true;
    }
    return false;
  }

  /** The closest point to `p`, or null when empty. Widens the search radius fourfold until a point falls inside. */
  nearest(p: LatLon): { item: T; distanceKm: number } | null {
    if (this.all.length === 0) return null;
    for (let radius = 10; ; radius *= 4) {
      let best: { item: T; distanceKm: number } | null = null;
      for (const entry of this.candidates(p, radius)) {
        const d = haversineKm(p, entry.at);
        if (!best || d < best.distanceKm) best = { item: entry.item, distanceKm: d };
      }
      // Only a point inside the radius is sure to be the nearest: the box may miss farther ones.
      if (best && (best.distanceKm <= radius || radius >= HALF_CIRCUMFERENCE_KM)) return best;
    }
  }

  private latIndex(lat: number): number {
    return Math.floor((lat + 90) / this.cellDegrees);
  }

  private lonIndex(lon: number): number {
    const i = Math.floor((lon + 180) / this.cellDegrees);
    return ((i % this.lonCells) + this.lonCells) % this.lonCells;
  }

  private key(latIndex: number, lonIndex: number): number {
    return latIndex * this.lonCells + lonIndex;
  }

  private candidates(p: LatLon, radiusKm: number): Iterable<{ item: T; at: LatLon }> {
    if (radiusKm >= HALF_CIRCUMFERENCE_KM) return this.all;
    const dLat = radiusKm / KM_PER_DEGREE;
    const maxLat = Math.min(90, Math.abs(p.lat) + dLat);
    const cos = Math.cos(maxLat * RAD);
    // Near a pole every longitude is close: scan whole latitude rows.
    const dLon = cos < 1e-6 ? 180 : Math.min(180, dLat / cos);
    const lat0 = this.latIndex(Math.max(-90, p.lat - dLat));
    const lat1 = this.latIndex(Math.min(90, p.lat + dLat));
    const lonSpan =
      dLon >= 180 ? this.lonCells : Math.min(this.lonCells, Math.floor((2 * dLon) / this.cellDegrees) + 2);
    if ((lat1 - lat0 + 1) * lonSpan >= this.all.length) return this.all;
    const lon0 = dLon >= 180 ? 0 : this.lonIndex(p.lon - dLon);
    const out: Array<{ item: T; at: LatLon }> = [];
    for (let la = lat0; la <= lat1; la++) {
      for (let k = 0; k < lonSpan; k++) {
        const cell = this.cells.get(this.key(la, (lon0 + k) % this.lonCells));
        if (cell) for (const entry of cell) out.push(entry);
      }
    }
    return out;
  }
}
