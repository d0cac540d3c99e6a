// What the details panel shows while nothing is selected: the map at a glance.
import { useEcosystem, useMetrics } from "../core/hooks";
import { isOpenNeed } from "../../../server/schemas/domain";

export function MapOverview() {
  const eco = useEcosystem();
  const metrics = useMetrics();
  if (!eco) return null;
  const { map } = eco.view;
  const openNeeds = eco.view.needs.filter((n) => isOpenNeed(n.status)).length;
  const available = eco.view.offerings.filter((o) => o.status === "available").length;
  return (
    <div className="overview pad">
      <h2>{map.name}</h2>
      {map.description && <p className="muted">{map.description}</p>}
      <dl className="stats">
        <div>
          <dt>Actors</dt>
          <dd>{eco.view.actors.length}</dd>
        </div>
        <div>
          <dt>Ties</dt>
          <dd>{eco.view.relationships.length}</dd>
        </div>
        <div>
          <dt>Open needs</dt>
          <dd>{openNeeds}</dd>
        </div>
        <div>
          <dt>Available offerings</dt>
          <dd>{available}</dd>
        </div>
        <div>
          <dt>Regions</dt>
          <dd>{eco.regions.length}</dd>
        </div>
        <div>
          <dt>Communities</dt>
          <dd>{metrics.communityCount || "–"}</dd>
        </div>
      </dl>
      <p className="muted small">
        Search or click an actor to see its needs, offerings and ties. Hover to light up its neighbourhood; double-click
        to zoom in.
      </p>
    </div>
  );
}
