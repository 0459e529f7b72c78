#!/usr/bin/env python3
"""Writes the ECS task definitions (one per stage) and the daily Step Functions state machine from one
table, so every task uses the same variable names as the services, compose.yaml and the tests
(ARCHITECTURE §8). Run after changing a stage's configuration; `--check` (run by docker/validate-deployment
in CI) only reports files that differ from what it would write."""
import json
import pathlib
import sys

HERE = pathlib.Path(__file__).parent
ACCOUNT = "${AccountId}"
REGION = "${Region}"
# The image's TMPDIR (docker/Dockerfile): every task mounts its ephemeral "scratch" volume there, since the
# root filesystem is read-only. The image declares it a VOLUME owned by the non-root user, so ECS gives the
# task volume that ownership.
SCRATCH = "/scratch"
# Small-cell suppression: transform-runner applies it, dq-validator checks it, gold-exporter re-checks it;
# all three must use the same value.
SUPPRESSION = {"SUPPRESSION_THRESHOLD": "5"}
COMMON_ENV = {"LAKE_URL": "s3://${LakeBucket}/lake", "ENVIRONMENT": "${Environment}", "LOG_LEVEL": "info",
              "AWS_REGION": REGION, "LAKE_KMS_KEY_ID": "${LakeKmsKeyId}"}

STAGES = {
    "postgres-ingest": {"command": ["run"], "env": {},
                        "secrets": {"EHR_DATABASE_URL": "northshire/trust/rds/ehr-readonly-url",
                                    "URGENT_CARE_DATABASE_URL": "northshire/trust/rds/urgent-readonly-url"}},
    # The key comes from Secrets Manager as SFTP_PRIVATE_KEY (text, never written to disk); the host key is
    # pinned by fingerprint, since the image holds no known_hosts file.
    "sftp-ingest": {"command": ["run"],
                    "env": {"SFTP_HOST": "${TrustSftpHost}", "SFTP_PORT": "22", "SFTP_USER": "trust_sftp",
                            "SFTP_REMOTE_DIR": "/outbound/appointments",
                            "SFTP_HOST_KEY_FINGERPRINT": "${TrustSftpHostKeyFingerprint}"},
                    "secrets": {"SFTP_PRIVATE_KEY": "northshire/trust/sftp/private-key"}},
    "s3-copy-ingest": {"command": ["run"],
                       "env": {"TRUST_BUCKET_URL": "s3://${TrustBucket}", "S3_COPY_TRUST_BUCKET_OWNER": "${TrustAccountId}"},
                       "secrets": {}},
    "pseudonymiser": {"command": ["run"], "env": {"PSEUDONYM_KEY_SECRET_ID": "northshire/platform/pseudonym-key"}, "secrets": {}},
    "transform-runner-silver": {"image": "transform-runner", "command": ["run", "--layer", "silver"],
                                "env": SUPPRESSION, "secrets": {"WAREHOUSE_URL": "northshire/platform/warehouse-url"}},
    "dq-validator-silver": {"image": "dq-validator", "command": ["run", "--layer", "silver"], "env": SUPPRESSION,
                            "secrets": {}},
    "transform-runner-gold": {"image": "transform-runner", "command": ["run", "--layer", "gold"],
                              "env": SUPPRESSION, "secrets": {"WAREHOUSE_URL": "northshire/platform/warehouse-url"}},
    "dq-validator-gold": {"image": "dq-validator", "command": ["run", "--layer", "gold"], "env": SUPPRESSION,
                          "secrets": {}},
    "gold-exporter": {"command": ["run"],
                      "env": {"EXPORT_URL": "s3://${ExportBucket}/gold", "EXPORT_KMS_KEY_ID": "${ExportKmsKeyId}",
                              **SUPPRESSION}, "secrets": {}},
}


def task_definition(name, spec):
    image = spec.get("image", name)
    env = dict(COMMON_ENV, **spec["env"])
    stage = {
        "name": image,
        "image": f"{ACCOUNT}.dkr.ecr.{REGION}.amazonaws.com/northshire/{image}:${{ImageTag}}",
        "essential": True,
        "command": spec["command"],
        "user": "10001",
        "readonlyRootFilesystem": True,
        "mountPoints": [{"sourceVolume": "scratch", "containerPath": SCRATCH}],
        "environment": [{"name": k, "value": v} for k, v in sorted(env.items())],
        "secrets": [{"name": k, "valueFrom": f"arn:aws:secretsmanager:{REGION}:{ACCOUNT}:secret:{v}"}
                    for k, v in sorted(spec["secrets"].items())],
        "stopTimeout": 30,
        "logConfiguration": {"logDriver": "awslogs", "options": {
            "awslogs-group": f"/northshire/{image}", "awslogs-region": REGION, "awslogs-stream-prefix": name}},
    }
    return {
        "family": f"northshire-{name}",
        "requiresCompatibilities": ["FARGATE"],
        "networkMode": "awsvpc",
        "cpu": "1024",
        "memory": "4096",
        "runtimePlatform": {"operatingSystemFamily": "LINUX", "cpuArchitecture": "X86_64"},
        "executionRoleArn": f"arn:aws:iam::{ACCOUNT}:role/northshire-ecs-execution",
        "taskRoleArn": f"arn:aws:iam::{ACCOUNT}:role/northshire-{image}-task",
        "containerDefinitions": [stage],
        "volumes": [{"name": "scratch"}],
    }


def run_task(name, next_state=None):
    state = {
        "Type": "Task",
        "Resource": "arn:aws:states:::ecs:runTask.sync",
        "Parameters": {
            "Cluster": "${ClusterArn}", "LaunchType": "FARGATE",
            "TaskDefinition": f"northshire-{name}",
            "NetworkConfiguration": {"AwsvpcConfiguration": {"Subnets": ["${PrivateSubnetA}", "${PrivateSubnetB}"],
                                                              "SecurityGroups": ["${TaskSecurityGroup}"],
                                                              "AssignPublicIp": "DISABLED"}},
        },
        # Exit 1 (failed) and 3 (blocked) both stop the graph; a retry covers transient task launch problems.
        "Retry": [{"ErrorEquals": ["ECS.AmazonECSException", "States.TaskFailed"], "IntervalSeconds": 60,
                   "MaxAttempts": 1, "BackoffRate": 2.0}],
        "Catch": [{"ErrorEquals": ["States.ALL"], "ResultPath": "$.error", "Next": "NotifyFailure"}],
    }
    if next_state:
        state["Next"] = next_state
    else:
        state["End"] = True
    return state


def state_machine():
    chain = ["pseudonymiser", "transform-runner-silver", "dq-validator-silver", "transform-runner-gold",
             "dq-validator-gold", "gold-exporter"]
    states = {
        "Ingest": {
            "Type": "Parallel",
            "Branches": [{"StartAt": n, "States": {n: {k: v for k, v in run_task(n).items() if k != "Catch"}}}
                         for n in ("postgres-ingest", "sftp-ingest", "s3-copy-ingest")],
            "Catch": [{"ErrorEquals": ["States.ALL"], "ResultPath": "$.error", "Next": "NotifyFailure"}],
            "Next": chain[0],
        },
    }
    for index, name in enumerate(chain):
        states[name] = run_task(name, chain[index + 1] if index + 1 < len(chain) else None)
    states["NotifyFailure"] = {
        "Type": "Task", "Resource": "arn:aws:states:::sns:publish",
        "Parameters": {"TopicArn": "${AlertsTopicArn}", "Message.$": "States.JsonToString($.error)"},
        "Next": "Failed",
    }
    states["Failed"] = {"Type": "Fail", "Error": "PipelineStageFailed",
                        "Cause": "a stage exited non-zero; see its manifest and `status`"}
    return {"Comment": "Northshire daily graph (ARCHITECTURE §6): each stage resumes every pending date by itself.",
            "StartAt": "Ingest", "States": states}


def render():
    """File name → content of every generated file."""
    def text(value):
        return json.dumps(value, indent=2, sort_keys=True) + "\n"
    files = {f"task-{name}.json": text(task_definition(name, spec)) for name, spec in STAGES.items()}
    files["daily-pipeline.asl.json"] = text(state_machine())
    files["daily-schedule.json"] = text({
        "Name": "northshire-daily-pipeline", "ScheduleExpression": "cron(30 5 * * ? *)",
        "FlexibleTimeWindow": {"Mode": "OFF"},
        "ScheduleExpressionTimezone": "Europe/London", "State": "ENABLED",
        "Target": {"Arn": "${StateMachineArn}", "RoleArn": f"arn:aws:iam::{ACCOUNT}:role/northshire-scheduler"}})
    return files


def stale():
    """Generated files whose content on disk differs from what this script writes, plus strays."""
    files = render()
    differing = [name for name, content in files.items()
                 if not (HERE / name).exists() or (HERE / name).read_text() != content]
    strays = [p.name for p in HERE.glob("task-*.json") if p.name not in files]
    return sorted(differing + strays)


def main():
    if sys.argv[1:] == ["--check"]:
        outdated = stale()
        for name in outdated:
            print(f"docker/ecs/{name} is out of date: run docker/ecs/generate.py", file=sys.stderr)
        sys.exit(1 if outdated else 0)
    for name, content in render().items():
        (HERE / name).write_text(content)


if __name__ == "__main__":
    main()
