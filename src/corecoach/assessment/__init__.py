"""Assessment: findings from the intake, mapped through the joint-by-joint model to needs and ladder rungs."""
