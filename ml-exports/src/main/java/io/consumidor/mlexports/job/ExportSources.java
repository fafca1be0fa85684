package io.consumidor.mlexports.job;

import com.mongodb.client.MongoCollection;
import io.consumidor.baseb.history.ProfileHistory;
import io.consumidor.baseb.rating.RatingsAsOf;
import io.consumidor.basec.ActivitySummaries;
import org.bson.Document;

/** The readers of Base B and C an export takes its rows from. */
record ExportSources(ProfileHistory history, RatingsAsOf ratings, ActivitySummaries activity, MongoCollection<Document> profiles) {
}
