package io.consumidor.schedules;

import io.consumidor.batchsupport.JobLaunch;
import io.consumidor.batchsupport.launch.InstanceLocks;
import io.consumidor.batchsupport.launch.LockedLaunchDefaults;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

import javax.sql.DataSource;
import java.time.Clock;
import java.util.List;

/** The scheduler's parts; the jobs and their {@link JobLaunch}es come from the job modules. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SchedulesProperties.class)
@Import(LockedLaunchDefaults.class)
public class SchedulesConfiguration {

    @Bean
    Schedules schedules(SchedulesProperties properties, List<JobLaunch> launches) {
        return new Schedules(properties, launches);
    }

    @Bean
    ScheduleMetrics scheduleMetrics(MeterRegistry registry) {
        return new ScheduleMetrics(registry);
    }

    @Bean
    SlotRunner slotRunner(JobOperator operator, JobRepository repository, List<Job> jobs, List<JobLaunch> launches, DataSource dataSource,
                          ScheduleMetrics metrics, Clock clock) {
        return new SlotRunner(operator, repository, jobs, launches, new InstanceLocks(dataSource), metrics, clock);
    }

    @Bean(destroyMethod = "close")
    Scheduler scheduler(Schedules schedules, SlotRunner runner, ScheduleMetrics metrics, Clock clock, FirstStarts firstStarts) {
        return new Scheduler(schedules, runner, metrics, clock, firstStarts);
    }

    @Bean
    FirstStarts firstStarts(DataSource dataSource) {
        return new FirstStarts(dataSource);
    }

    @Bean
    SchedulesHealth schedulesHealth(Schedules schedules, SlotRunner runner, Clock clock) {
        return new SchedulesHealth(schedules, runner, clock);
    }

    @Bean
    SchedulesCli schedulesCli(Schedules schedules, SlotRunner runner, SchedulesHealth health, Clock clock) {
        return new SchedulesCli(schedules, runner, health, clock, System.out);
    }
}
