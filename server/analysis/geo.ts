// Great-circle distance by the haversine formula (Sinnott 1984), on a spherical Earth of mean radius 6371.0088 km
// (IUGG). Good to about 0.5%, which is far finer than any "how far does this offering travel" judgement needs.

export const EARTH_RADIUS_KM = 6371.0088;
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
