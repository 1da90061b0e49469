package notices

// CirculationSteps are the steps each run takes before sending the notices.
func CirculationSteps() []Step {
	return nil
}
