package io.consumidor.batchsupport.launch;

import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.PropertySource;

/**
 * The job repository's settings that follow from launching under {@link InstanceLocks}.
 * <p>
 * Spring Batch creates job instances, executions <em>and step executions</em> ({@code create*}) and reads the
 * last execution in SERIALIZABLE transactions by default, so that two launches of the same instance cannot both
 * pass the "already running?" check. Under PostgreSQL's serializable snapshot isolation that also fails
 * transactions of <em>different</em> instances that merely read the same pages (on tables as small as BATCH_*
 * usually are, the whole relation): "could not serialize access due to read/write dependencies". A refused step
 * execution creation fails the running job, which no retry around the launch can ride out.
 * Every launch of ours holds the instance's advisory lock for the whole check-and-launch, and the
 * {@code JOB_INST_UN} unique key still refuses a duplicate instance, so READ COMMITTED gives the same guarantee
 * without refusals. Imported by every configuration that launches jobs; overridable like any property.
 */
@Configuration(proxyBeanMethods = false)
@PropertySource("classpath:io/consumidor/batchsupport/launch/job-repository.properties")
public class LockedLaunchDefaults {
}
