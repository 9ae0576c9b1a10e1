package dev.airlock.hub.zone;

import java.util.List;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** The secure zones the hub has heard from, and accepting a zone's new credential key. */
@Path("/api")
@Produces(MediaType.APPLICATION_JSON)
public class ZoneResource {

    private final ZoneService zones;

    ZoneResource(ZoneService zones) {
        this.zones = zones;
    }

    /** Every zone, with its pinned credential key and whether it is online. */
    @GET
    @Path("/zones")
    public List<ZoneView> list() {
        return zones.list();
    }

    /** One zone. */
    @GET
    @Path("/zones/{zone}")
    public ZoneView get(@PathParam("zone") String zone) {
        return zones.get(zone);
    }

    /** Accepts the key the zone offers (platform administrators), naming its key id. */
    @POST
    @Path("/zones/{zone}/key")
    @Consumes(MediaType.APPLICATION_JSON)
    public ZoneView acceptKey(@PathParam("zone") String zone, KeyAcceptance acceptance) {
        return zones.acceptKey(zone, acceptance);
    }
}
