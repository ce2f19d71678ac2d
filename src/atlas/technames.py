"""Technology names as the pages' `technologies` entries write them, made canonical: the name without its
version or parenthetical, with spellings of one product folded together ('Apache Kafka 3.6' and 'Kafka'
are one product). The technology pages, the 3 AM index and the query reader all use it."""

from __future__ import annotations

import re

PAREN = re.compile(r"\s*\([^)]*\)")
VERSION = re.compile(r"\s+(v?\d[\w.+-]*x?|[\d.]+\+?)(\s*(/|and|or|to|-|–)\s*v?\d[\w.+-]*)*$", re.IGNORECASE)
# one product, several spellings (keys are lower-case names after the version is removed)
ALIASES = {
    "apache kafka": "Kafka", "kafka": "Kafka",
    "apache cassandra": "Cassandra", "cassandra": "Cassandra",
    "apache zookeeper": "ZooKeeper", "zookeeper": "ZooKeeper",
    "postgres": "PostgreSQL", "postgresql": "PostgreSQL",
    "k8s": "Kubernetes", "kubernetes": "Kubernetes",
    "amazon dynamodb": "DynamoDB", "aws dynamodb": "DynamoDB", "dynamodb": "DynamoDB",
    "amazon s3": "Amazon S3", "aws s3": "Amazon S3", "s3": "Amazon S3",
    "redis": "Redis", "redis oss": "Redis",
    "elasticsearch": "Elasticsearch", "mysql": "MySQL", "nginx": "NGINX",
    "apache hadoop": "Hadoop", "hadoop": "Hadoop", "apache hbase": "HBase", "hbase": "HBase",
    "openjdk": "Java", "java": "Java", "jvm": "Java",
    "amazon elastic block store": "Amazon EBS", "aws ebs": "Amazon EBS", "ebs": "Amazon EBS",
    "elastic load balancing": "Amazon ELB", "aws elb": "Amazon ELB",
    "border gateway protocol": "BGP", "network time protocol": "NTP",
    "aurora": "Amazon Aurora", "amazon aurora postgresql-compatible": "Amazon Aurora",
    "hadoop hdfs": "HDFS", "hdfs": "HDFS", "azure storage": "Azure Storage", "microsoft azure storage": "Azure Storage",
    "azure service health dashboard": "Azure Service Health", "prometheus node_exporter": "node_exporter",
    "azure active directory": "Microsoft Entra ID", "google cloud bigtable": "Bigtable",
}


# products whose name ends in a number (not a version)
NUMBERED_NAMES = {"route 53", "amazon route 53", "aws route 53", "web3", "windows 95", "microsoft 365", "office 365",
                  "dynamics 365"}


def split(text: str) -> tuple[str, str]:
    """('Kafka', '3.6') from 'Apache Kafka 3.6'; ('Zuul', '2') from 'Zuul 2'; version '' if none."""
    bare = PAREN.sub("", str(text)).strip().rstrip(",;")
    m = None if bare.lower() in NUMBERED_NAMES else VERSION.search(bare)
    name, version = (bare[: m.start()].strip(), m.group(0).strip()) if m and m.start() > 0 else (bare, "")
    name = re.sub(r"^Apache\s+", "", name)  # "Apache Kafka" and "Kafka" are one product
    return ALIASES.get(name.lower(), name), version
