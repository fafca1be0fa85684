package io.consumidor.router.routes;

/** The stores the router writes to. */
public enum Sink {
    /** Base B: profile documents in MongoDB. */
    MONGODB,
    /** Base C: events and "latest" documents in Elasticsearch. */
    ELASTICSEARCH
}
